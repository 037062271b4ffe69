"""Admin for the "seen before" models: the external archive (read-only: it is imported),
suggestions (decided through the services), stored vectors (not listed: bytes)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from claims import suggestions
from claims.models import (
    EXTERNAL_RECORD_FIELDS,
    ExternalFactCheck,
    MatchSuggestion,
    SuggestionState,
)
from claims.workflow import WorkflowError


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(admin.ModelAdmin):
    list_display = ("id", "publisher", "__str__", "rating_text", "claim_date", "source")
    list_filter = ("language", "source")
    search_fields = ("claim_text", "title", "speaker", "url", "external_id", "publisher")
    date_hierarchy = "imported_at"
    show_full_result_count = False
    readonly_fields = ("source", *EXTERNAL_RECORD_FIELDS, "imported_at")

    def has_add_permission(self, request):
        return False  # `manage.py import_factchecks` or the API's import

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(admin.ModelAdmin):
    list_display = ("id", "claim", "target", "level", "score", "state", "decided_by")
    list_filter = ("state", "level")
    search_fields = ("claim__text", "external__claim_text", "matched_claim__text")
    list_select_related = ("claim", "external", "matched_claim", "decided_by")
    raw_id_fields = ("claim", "matched_claim", "external")
    show_full_result_count = False
    actions = ["confirm_selected", "reject_selected"]
    readonly_fields = (
        "claim",
        "matched_claim",
        "external",
        "score",
        "lexical",
        "semantic",
        "level",
        "why",
        "state",
        "created_at",
        "decided_by",
        "decided_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a rejection is what keeps a pair from being suggested again

    def _decide(self, request, queryset, service, verb: str) -> None:
        done = 0
        for suggestion in queryset.filter(state=SuggestionState.OPEN):
            try:
                service(suggestion=suggestion, actor=request.user)
                done += 1
            except (WorkflowError, ValidationError) as error:
                text = getattr(error, "message", None) or " ".join(error.messages)
                self.message_user(request, f"{suggestion}: {text}", messages.ERROR)
        self.message_user(request, f"{done} suggestion(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Confirm the selected open suggestions", permissions=["view"])
    def confirm_selected(self, request, queryset):
        self._decide(request, queryset, suggestions.suggestion_confirm, "confirmed")

    @admin.action(description="Reject the selected open suggestions", permissions=["view"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, suggestions.suggestion_reject, "rejected")
