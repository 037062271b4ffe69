"""Documents (added through the ingest service, their details edited through the update
service, their text never) and their extraction jobs."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from claims import scorers, selectors
from claims.admin.common import ReadOnlyInline, error_text
from claims.models import (
    Document,
    ExtractionJob,
)
from claims.services import documents as document_services
from claims.timezones import iso_local
from claims.workflow import WorkflowError


class JobInline(ReadOnlyInline):
    model = ExtractionJob
    fields = readonly_fields = (
        "status",
        "extractor_version",
        "progress_done",
        "progress_total",
        "attempts",
        "claims_found",
        "claims_created",
        "error",
        "created_at",
        "finished_at",
    )


class DocumentChangeForm(forms.ModelForm):
    """A document's details after ingest, checked by the service that saves them (errors on
    their fields); the publication date is ISO 8601 with its offset, in and out."""

    published_at = forms.CharField(
        label="Published",
        required=False,
        max_length=40,
        help_text="ISO 8601 with its offset, e.g. 2026-03-01T09:30:00+01:00, or a local "
        "time read in the time zone below.",
    )
    published_tz = forms.CharField(
        label="Time zone",
        required=False,
        max_length=64,
        help_text="An IANA name such as Europe/London, or an offset such as +01:00.",
    )

    class Meta:
        model = Document
        fields = ("title", "url", "publisher", "author", "published_tz", "kind")
        labels = {"author": "Author or speaker"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document = self.instance
        self.initial["published_at"] = iso_local(document.published_at, document.published_tz) or ""

    def clean(self):
        data = super().clean()
        changes = {f: data[f] for f in self.changed_data if f in data}
        try:
            document_services.document_changes_clean(document=self.instance, changes=changes)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "kind", "published_at", "claim_count", "created_at")
    list_filter = ("kind", "publisher", "language")
    search_fields = ("title", "url", "publisher", "author")
    date_hierarchy = "created_at"
    readonly_fields = ("text", "content_hash", "created_by", "created_at")
    inlines = [JobInline]
    actions = ["reextract", "rescore"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_claims=selectors.claim_count())

    @admin.display(description="Claims", ordering="num_claims")
    def claim_count(self, obj):
        return obj.num_claims

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:  # the details only: the text is fixed (claim offsets point into it)
            changes = {f: form.cleaned_data[f] for f in form.changed_data}
            try:
                document_services.document_update(document=obj, actor=request.user, changes=changes)
            except (WorkflowError, ValidationError) as error:
                raise ValidationError(error_text(error)) from error
            return
        try:
            document, created = document_services.document_ingest(
                text=obj.text,
                title=obj.title,
                url=obj.url,
                publisher=obj.publisher,
                author=obj.author,
                published_at=obj.published_at,
                kind=obj.kind,
                language=obj.language,
                created_by=request.user,
            )
        except ValidationError as error:
            raise ValidationError(error_text(error)) from error
        obj.pk = document.pk
        if not created:
            messages.info(request, "This text was already ingested; showing the existing document.")

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["form"] = DocumentChangeForm
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            original_clean = form.clean

            def clean(form_self):
                data = original_clean(form_self)
                try:
                    document_services.document_clean(
                        text=data.get("text") or "",
                        title=data.get("title") or "",
                        url=data.get("url"),
                        kind=data.get("kind") or "article",
                    )
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        form_self.add_error(field if field in form_self.fields else None, errors)
                return data

            form.clean = clean
        return form

    @admin.action(description="Re-extract claims from the selected documents")
    def reextract(self, request, queryset):
        for document in queryset:
            document_services.document_reextract(document=document, actor=request.user)
        self.message_user(request, f"Queued extraction of {queryset.count()} document(s).")

    @admin.action(description="Re-score the new claims of the selected documents")
    def rescore(self, request, queryset):
        try:
            for document in queryset.only("pk"):
                scorers.claims_rescore(document=document, actor=request.user)
        except WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, f"Queued re-scoring of {queryset.count()} document(s).")


@admin.register(ExtractionJob)
class ExtractionJobAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "document",
        "status",
        "progress",
        "attempts",
        "claims_found",
        "claims_created",
        "created_at",
        "finished_at",
        "short_error",
    )
    list_filter = ("status", "extractor_version")
    search_fields = ("document__title", "error", "task_id")
    date_hierarchy = "created_at"
    list_select_related = ("document",)
    readonly_fields = [f.name for f in ExtractionJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Progress")
    def progress(self, obj):
        return f"{obj.progress_done}/{obj.progress_total}"

    @admin.display(description="Error")
    def short_error(self, obj):
        return obj.error[:120]
