"""Forms of the correction pages: a claim's wording, a claim added by hand, a document's
details. Shape only; the services validate (and their errors land on these fields)."""

from __future__ import annotations

from django import forms

from claims.forms import Form, VersionedForm
from claims.models import Document, DocumentKind
from claims.services.edits import MAX_WORDING


class WordingForm(VersionedForm):
    claim_text = forms.CharField(
        label="Wording to publish",
        max_length=MAX_WORDING,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the fact-check states as the claim; the sentence as found is kept.",
    )


class AddClaimForm(Form):
    """A span of the document (filled in by selecting text on the page), or its text."""

    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Claim text",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Select the words in the document above, or paste a sentence from it.",
    )


class DocumentEditForm(Form):
    title = forms.CharField(label="Title", required=False, max_length=300)
    url = forms.CharField(
        label="Address (URL)", required=False, max_length=2000, widget=forms.URLInput()
    )
    publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    author = forms.CharField(label="Author or speaker", required=False, max_length=200)
    published_at = forms.CharField(
        label="Published (date and time)",
        required=False,
        max_length=40,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "60"}),
        help_text="In the time zone below.",
    )
    published_tz = forms.CharField(
        label="Time zone",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        help_text="An IANA name such as Europe/London or America/New_York, or an offset "
        "such as +01:00.",
    )
    kind = forms.ChoiceField(label="Kind", choices=DocumentKind.choices)

    @classmethod
    def for_document(cls, document: Document) -> DocumentEditForm:
        local = document.published_local
        return cls(
            initial={
                "title": document.title,
                "url": document.url or "",
                "publisher": document.publisher,
                "author": document.author,
                "published_at": local.strftime("%Y-%m-%dT%H:%M") if local else "",
                "published_tz": document.published_tz,
                "kind": document.kind,
            }
        )
