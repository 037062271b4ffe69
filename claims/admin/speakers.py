"""The Speaker admin: search, counts, edits through `claims.speakers`, and a merge action.
Registered by `claims.admin`."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from claims import selectors, speakers
from claims.admin.common import error_text
from claims.models import Speaker
from claims.workflow import WorkflowError


class SpeakerAdminForm(forms.ModelForm):
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Other full names, one per line.",
    )

    class Meta:
        model = Speaker
        fields = ("name", "kind", "role", "party", "aliases")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["aliases"] = "\n".join(self.instance.aliases)

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            speakers.speaker_clean(
                name=data["name"],
                kind=data["kind"],
                role=data.get("role", ""),
                party=data.get("party", ""),
                aliases=data.get("aliases", []),
                speaker=self.instance if self.instance.pk else None,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    form = SpeakerAdminForm
    list_display = ("name", "kind", "role", "party", "claim_count", "published_count", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "match_keys", "role", "party")
    readonly_fields = ("slug", "created_at")
    actions = ["merge_speakers"]

    def get_queryset(self, request):
        # The same counts as the speaker pages (correlated: the page's rows only).
        return selectors.speakers_list()

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description="Published", ordering="published_count")
    def published_count(self, obj):
        return obj.published_count

    def has_delete_permission(self, request, obj=None):
        return False  # claims point to speakers: merge a duplicate instead

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in SpeakerAdminForm.Meta.fields}
        if change:
            saved = speakers.speaker_update(speaker=obj, actor=request.user, **data)
        else:
            saved = speakers.speaker_create(actor=request.user, **data)
        obj.pk = saved.pk

    @admin.action(description="Merge the selected speakers into one", permissions=["change"])
    def merge_speakers(self, request, queryset):
        chosen = list(queryset.order_by("name", "id"))
        if len(chosen) < 2:
            self.message_user(request, "Select at least two speakers to merge.", messages.ERROR)
            return None
        target_id = request.POST.get("target", "")
        target = next((s for s in chosen if str(s.pk) == target_id), None)
        if "apply" in request.POST and target is not None:
            self._merge(request, [s for s in chosen if s.pk != target.pk], target)
            return None
        return TemplateResponse(
            request,
            "admin/claims/speaker/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge speakers",
                "speakers": chosen,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _merge(self, request, sources: list[Speaker], target: Speaker) -> None:
        for source in sources:
            try:
                target = speakers.speaker_merge(source=source, target=target, actor=request.user)
            except (WorkflowError, ValidationError) as error:
                self.message_user(request, f"{source.name}: {error_text(error)}", messages.ERROR)
            else:
                self.message_user(request, f"Merged {source.name} into {target.name}.")
