"""Admin for the learned scorer: model versions (activate, roll back), labelled sentences,
training and re-scoring jobs. Every change goes through claims.scorers."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html_join

from claims import scorers
from claims.admin.common import ReadOnlyAdmin
from claims.models import LabelledSentence, ScorerJob, ScorerModel
from claims.workflow import WorkflowError

HEADLINE = ("precision", "recall", "f1", "ap", "threshold", "decision_threshold", "folds")


@admin.register(ScorerModel)
class ScorerModelAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "trained_from", "f1", "ap", "examples", "created_by", "created_at")
    list_filter = ("is_active", "trained_from")
    fields = (
        "version",
        "is_active",
        "trained_from",
        "figures",
        "counts",
        "params_summary",
        "previous",
        "created_by",
        "created_at",
        "activated_by",
        "activated_at",
    )
    readonly_fields = fields
    # Read-only rows; the actions call the services, which let only editors through.
    actions = ["activate", "rollback"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("params").select_related("created_by")

    @admin.display(description="F1")
    def f1(self, obj):
        return round(obj.metrics.get("f1", 0.0), 3)

    @admin.display(description="AP")
    def ap(self, obj):
        return round(obj.metrics.get("ap", 0.0), 3)

    @admin.display(description="Examples")
    def examples(self, obj):
        return obj.counts.get("examples")

    @admin.display(description="Cross-validated figures")
    def figures(self, obj):
        rows = [(key, obj.metrics[key]) for key in HEADLINE if key in obj.metrics]
        return format_html_join(", ", "{}: {}", ((k, round(v, 4)) for k, v in rows)) or "—"

    @admin.display(description="Parameters")
    def params_summary(self, obj):
        params = ScorerModel.objects.filter(pk=obj.pk).values_list("params", flat=True).first()
        params = params or {}
        sizes = ((key, len(v) if isinstance(v, list | dict) else v) for key, v in params.items())
        return format_html_join(", ", "{}: {}", sizes) or "—"

    @admin.action(description="Activate the selected model")
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one model to activate.", messages.ERROR)
            return
        try:
            model = scorers.scorer_activate(model=queryset.get(), actor=request.user)
        except WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, f"Model v{model.version} is now active.", messages.SUCCESS)

    @admin.action(description="Roll back to the previously active model")
    def rollback(self, request, queryset):
        try:
            model = scorers.scorer_rollback(actor=request.user)
        except WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        now = f"model v{model.version}" if model else "the rule scorer"
        self.message_user(request, f"Rolled back: {now} is in use.", messages.SUCCESS)


@admin.register(LabelledSentence)
class LabelledSentenceAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "label", "origin", "source", "weight", "updated_at")
    list_filter = ("origin", "label", "source")
    search_fields = ("text", "external_id")
    show_full_result_count = False
    raw_id_fields = ("claim",)
    readonly_fields = (
        "text",
        "label",
        "origin",
        "source",
        "speaker",
        "weight",
        "external_id",
        "claim",
        "created_at",
        "updated_at",
    )


@admin.register(ScorerJob)
class ScorerJobAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "status", "progress_done", "progress_total", "created_at")
    list_filter = ("kind", "status")
    list_select_related = ("created_by",)
    readonly_fields = (
        "kind",
        "status",
        "options",
        "document",
        "model",
        "progress_done",
        "progress_total",
        "result",
        "error",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("model__params")
