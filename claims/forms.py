"""Input parsing for the editor pages. Forms check shape only (types, lengths, which inputs
go together); the rules live in `claims.workflow` and `claims.services`, whose errors the
views put back on these forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from claims.models import ClaimType, DocumentKind, Priority, Rating, SpeakerKind, Stance
from claims.selectors import team_members
from claims.validators import MAX_ID, validate_http_url


class ReasonableDateTimeField(forms.DateTimeField):
    """A date a newsroom can mean (years 1800 to 2200). Dates at the ends of Python's range
    overflow when converted between time zones."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and not 1800 <= result.year <= 2200:
            raise ValidationError("Give a date between the years 1800 and 2200.")
        return result


class Form(forms.Form):
    """No colon after labels."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DocumentSearchForm(Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *DocumentKind.choices]
    )
    publisher = forms.CharField(label="Publisher", required=False, max_length=200)


class DocumentForm(Form):
    """Paste the text, or upload a file, or give only a URL to fetch the page."""

    text = forms.CharField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paste the article, transcript or statement.",
    )
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        help_text=".txt, .md or .html, UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.html,.htm"}),
    )
    url = forms.CharField(
        label="Address (URL)",
        required=False,
        max_length=2000,
        validators=[validate_http_url],
        widget=forms.URLInput(),
        help_text="Where it was published. With no text and no file, the page is fetched.",
    )
    title = forms.CharField(label="Title", required=False, max_length=300)
    publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    author = forms.CharField(label="Author", required=False, max_length=200)
    published_at = ReasonableDateTimeField(
        label="Published",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Date and time as the source gives them, in the time zone below.",
    )
    published_tz = forms.CharField(
        label="Time zone",
        required=False,
        max_length=64,
        help_text="An IANA name such as Europe/London, or an offset such as +01:00 (UTC if empty).",
    )
    kind = forms.ChoiceField(label="Kind", choices=DocumentKind.choices, initial="article")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.DOCUMENT_MAX_BYTES:
            raise ValidationError(
                f"The file is larger than the limit of {settings.DOCUMENT_MAX_BYTES // 1024:,} KB."
            )
        return upload

    def clean(self):
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        has_file = bool(data.get("file"))
        if has_text and has_file:
            raise ValidationError("Paste the text or upload a file, not both.")
        if not (has_text or has_file or data.get("url") or self.errors):
            self.add_error("text", "Paste the text, upload a file, or give a URL to fetch.")
        return data

    @property
    def source(self) -> str:
        """ "paste", "upload" or "fetch" (after is_valid)."""
        if (self.cleaned_data.get("text") or "").strip():
            return "paste"
        if self.cleaned_data.get("file"):
            return "upload"
        return "fetch"


class VersionedForm(Form):
    """Carries the claim version the user saw, so a stale change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TransitionForm(VersionedForm):
    to = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed to dismiss, request changes or reopen.",
    )


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(
        label="Assignee",
        required=False,
        queryset=team_members(),
        empty_label="Nobody",
        to_field_name="pk",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class DetailsForm(VersionedForm):
    priority = forms.TypedChoiceField(label="Priority", choices=Priority.choices, coerce=int)
    due_at = ReasonableDateTimeField(
        label="Due", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    claim_type = forms.ChoiceField(label="Type", choices=ClaimType.choices)


class VerdictForm(VersionedForm):
    rating = forms.ModelChoiceField(
        label="Rating", queryset=Rating.objects.all(), required=False, empty_label="No rating yet"
    )
    verdict_summary = forms.CharField(label="Summary", required=False, max_length=500)
    verdict_explanation = forms.CharField(
        label="Explanation", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class EvidenceForm(Form):
    url = forms.CharField(
        label="Source URL", max_length=2000, validators=[validate_http_url], widget=forms.URLInput()
    )
    title = forms.CharField(label="Title", required=False, max_length=300)
    publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    stance = forms.ChoiceField(label="Stance", choices=Stance.choices, initial=Stance.CONTEXT)
    excerpt = forms.CharField(
        label="Excerpt", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(Form):
    body = forms.CharField(
        label="Comment", max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DuplicateForm(VersionedForm):
    original = forms.IntegerField(label="Original claim number", required=False, min_value=1)


class IdListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        try:
            ids = list(dict.fromkeys(int(v) for v in value))
        except (TypeError, ValueError):
            raise ValidationError("Choose claims from the list.") from None
        if any(not 1 <= pk <= MAX_ID for pk in ids):
            raise ValidationError("Choose claims from the list.")
        return ids


# --- Speakers ---


class SpeakerSearchForm(Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *SpeakerKind.choices]
    )


class SpeakerForm(Form):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=SpeakerKind.choices)
    role = forms.CharField(label="Role", required=False, max_length=200)
    party = forms.CharField(label="Party", required=False, max_length=100)
    aliases = forms.CharField(
        label="Aliases",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Other full names, one per line. A renamed speaker keeps the old name here.",
    )

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class SpeakerMergeForm(Form):
    target = forms.CharField(
        label="Merge into",
        max_length=200,
        help_text="The speaker who stays: their number or full name. This speaker's claims "
        "and names move there, and this speaker is deleted.",
    )


class ClaimSpeakerForm(VersionedForm):
    name = forms.CharField(
        label="Who said it",
        required=False,
        max_length=200,
        help_text="Full name (a known speaker, or a new one); empty to clear.",
    )
    kind = forms.ChoiceField(label="Kind", choices=SpeakerKind.choices, initial="person")
