"""The claim admin: its form, filters, inlines and actions, all through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html

from claims import scorers
from claims.admin.common import ReadOnlyInline, error_text
from claims.models import (
    Claim,
    ClaimEvent,
    Comment,
    Document,
    Evidence,
)
from claims.search import search_claims
from claims.services import claims as claim_services
from claims.workflow import Status, WorkflowError


class EvidenceInline(admin.TabularInline):
    """Existing evidence is read-only; new rows are added through the evidence service."""

    model = Evidence
    extra = 1
    can_delete = False
    fields = ("url", "title", "publisher", "stance", "excerpt", "added_by", "added_at")
    readonly_fields = ("added_by", "added_at")

    def has_change_permission(self, request, obj=None):
        return False


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 1
    can_delete = False
    fields = ("body", "author", "created_at")
    readonly_fields = ("author", "created_at")

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = readonly_fields = (
        "created_at",
        "actor",
        "action",
        "from_status",
        "to_status",
        "note",
        "data",
    )
    verbose_name_plural = "History"


class ClaimAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = (
            "claim_text",
            "assignee",
            "priority",
            "due_at",
            "claim_type",
            "speaker_resolved",
            "speaker_ref",
            "rating",
            "verdict_summary",
            "verdict_explanation",
            "duplicate_of",
        )
        labels = {"speaker_ref": "Speaker"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "duplicate_of" in self.fields:
            self.fields["duplicate_of"].queryset = Claim.objects.for_lists()
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class RecentDocumentFilter(admin.SimpleListFilter):
    """Filter by document, offering the most recent ones (a newsroom has thousands); any
    other document is reached with ?document=ID, e.g. from the document's page."""

    title = "document"
    parameter_name = "document"
    OFFERED = 15

    def lookups(self, request, model_admin):
        recent = list(
            Document.objects.only("id", "title").order_by("-created_at", "-id")[: self.OFFERED]
        )
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(d.pk) != chosen for d in recent):
            recent += list(Document.objects.only("id", "title").filter(pk=int(chosen)))
        return [(str(d.pk), str(d)[:60]) for d in recent]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(document_id=int(value))
        return queryset


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = (
        "short_text",
        "status",
        "score",
        "claim_type",
        "speaker_name",
        "document",
        "assignee",
        "rating",
        "priority",
        "due_at",
        "created_at",
    )
    list_filter = (
        "status",
        "claim_type",
        "is_quote",
        "priority",
        "assignee",
        "rating",
        RecentDocumentFilter,
        "created_at",
    )
    show_full_result_count = False  # one count of the filtered list is enough
    search_fields = ("text", "speaker", "speaker_resolved", "verdict_summary", "document__title")
    # No date hierarchy: it scans every claim's date; the created filter uses the index.
    list_select_related = ("document", "assignee", "rating")
    ordering = ("-score", "-id")
    raw_id_fields = ("duplicate_of",)
    autocomplete_fields = ("speaker_ref",)
    readonly_fields = (
        "text",
        "document",
        "start",
        "end",
        "speaker",
        "is_quote",
        "score",
        "reasons_list",
        "status",
        "submitted_by",
        "published_at",
        "first_published_at",
        "version",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "text",
                    "claim_text",
                    "document",
                    ("start", "end"),
                    "status",
                    "version",
                    "expected_version",
                )
            },
        ),
        (
            "Extraction",
            {
                "fields": (
                    "score",
                    "reasons_list",
                    "claim_type",
                    "speaker",
                    "speaker_resolved",
                    "speaker_ref",
                    "is_quote",
                )
            },
        ),
        ("Triage", {"fields": ("assignee", "priority", "due_at", "duplicate_of")}),
        (
            "Verdict",
            {
                "fields": (
                    "rating",
                    "verdict_summary",
                    "verdict_explanation",
                    "submitted_by",
                    "published_at",
                    "first_published_at",
                )
            },
        ),
        ("Dates", {"fields": ("created_at", "updated_at")}),
    )
    inlines = [EvidenceInline, CommentInline, EventInline]
    actions = ["select_claims", "dismiss_claims", "assign_to_me", "rescore_claims"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("document__text")

    def get_search_results(self, request, queryset, search_term):
        # The same full-text search as the pages and the API (a GIN index on PostgreSQL).
        return search_claims(queryset, search_term.strip()), False

    def has_add_permission(self, request):
        return False  # claims come from extraction

    def has_delete_permission(self, request, obj=None):
        return False  # a claim leaves the queue by being dismissed

    @admin.display(description="Claim", ordering="text")
    def short_text(self, obj):
        return str(obj)

    @admin.display(description="Reasons")
    def reasons_list(self, obj):
        return format_html("<br>".join(["{}"] * len(obj.reasons)), *obj.reasons) or "—"

    # -- Saving: each changed field goes through its service. --

    def save_model(self, request, obj, form, change):
        """The changed fields go through one service (claim_edit), all or nothing: a refusal
        is shown on the form's page instead of a success message."""
        data, changed = form.cleaned_data, set(form.changed_data) - {"expected_version"}
        try:
            claim_services.claim_edit(
                claim=obj,
                actor=request.user,
                changes={field: data[field] for field in changed},
                expected_version=data.get("expected_version"),
            )
        except (WorkflowError, ValidationError) as error:
            request.claim_refusal = f"Nothing was saved: {error_text(error)}"

    def save_related(self, request, form, formsets, change):
        if getattr(request, "claim_refusal", None) is None:
            super().save_related(request, form, formsets, change)
            return
        for formset in formsets:  # nothing saved; the change message still reads them
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def response_change(self, request, obj):
        refusal = getattr(request, "claim_refusal", None)
        if refusal is None:
            return super().response_change(request, obj)
        self.message_user(request, refusal, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def save_formset(self, request, form, formset, change):
        # Inline rows are added only through the services; nothing is saved directly.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        claim = form.instance
        for inline_form in formset.forms:
            if inline_form.instance.pk or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            try:
                if formset.model is Evidence:
                    claim_services.claim_add_evidence(
                        claim=claim,
                        url=data["url"],
                        title=data.get("title", ""),
                        publisher=data.get("publisher", ""),
                        excerpt=data.get("excerpt", ""),
                        stance=data.get("stance") or "context",
                        actor=request.user,
                    )
                elif formset.model is Comment:
                    claim_services.claim_comment(claim=claim, body=data["body"], actor=request.user)
            except (WorkflowError, ValidationError) as error:
                messages.error(request, f"Not added: {error_text(error)}")

    # -- Actions --

    def _apply(self, request, queryset, **kwargs):
        result = claim_services.claims_bulk(
            claim_ids=list(queryset.values_list("pk", flat=True)), actor=request.user, **kwargs
        )
        if result.applied:
            self.message_user(request, f"{len(result.done)} claim(s) updated.", messages.SUCCESS)
        else:
            self.message_user(
                request, "Nothing was changed: these claims were refused.", messages.WARNING
            )
        for pk, reason in result.refused:
            self.message_user(request, f"Claim {pk}: {reason}", messages.ERROR)

    @admin.action(description="Select for checking")
    def select_claims(self, request, queryset):
        self._apply(request, queryset, action="transition", to=Status.SELECTED)

    @admin.action(description="Dismiss (with a note)")
    def dismiss_claims(self, request, queryset):
        if "apply" in request.POST:
            self._apply(
                request,
                queryset,
                action="transition",
                to=Status.DISMISSED,
                note=request.POST.get("note", ""),
            )
            return None
        return TemplateResponse(
            request,
            "admin/claims/claim/dismiss.html",
            {
                **self.admin_site.each_context(request),
                "title": "Dismiss claims",
                "claims": queryset.select_related("document"),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Assign to me")
    def assign_to_me(self, request, queryset):
        self._apply(request, queryset, action="assign", assignee=request.user)

    @admin.action(description="Re-score with the active scorer (new claims only)")
    def rescore_claims(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        try:
            job = scorers.claims_rescore(claim_ids=ids, actor=request.user)
        except WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(
            request,
            f"Re-scoring queued (job {job.pk}); claims beyond triage keep their score.",
            messages.SUCCESS,
        )
