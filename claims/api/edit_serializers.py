"""Input shapes of the API's corrections (issue 12): a claim added by hand, a claim's wording,
a document's details. Types and lengths only; the services check the rest and name the field
(a span outside the document, an impossible date, a time zone that does not exist)."""

from __future__ import annotations

from rest_framework import serializers

from claims.api.serializers import ClaimUpdateInputSerializer, DocumentInputSerializer, id_field
from claims.models import Document, DocumentKind
from claims.services.edits import MAX_SPAN, MAX_WORDING


def published_at_field(**kwargs) -> serializers.CharField:
    """ISO 8601 text, parsed by the service, so that its offset is kept (DRF's date-time
    field would turn it into UTC)."""
    return serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=40,
        help_text="ISO 8601, e.g. 2026-03-01T09:30:00+01:00; empty or null: unknown.",
        **kwargs,
    )


def published_tz_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="An IANA time zone (Europe/London) or an offset (+01:00).",
        **kwargs,
    )


class ClaimCreateInputSerializer(serializers.Serializer):
    """`{document, start, end}` (character offsets into its text), or `{document, text}`
    (found in its text, word for word)."""

    document = id_field(help_text="The document the claim is in.")
    start = serializers.IntegerField(required=False, min_value=0, help_text="First character.")
    end = serializers.IntegerField(required=False, min_value=0, help_text="After the last one.")
    text = serializers.CharField(
        required=False, max_length=MAX_SPAN, help_text="Or the claim's words, as in the text."
    )

    def validate_document(self, value: int) -> Document:
        document = Document.objects.filter(pk=value).first()
        if document is None:
            raise serializers.ValidationError(f"There is no document {value}.")
        return document

    def validate(self, attrs):
        has_span = "start" in attrs or "end" in attrs
        if has_span and not ("start" in attrs and "end" in attrs):
            missing = "end" if "start" in attrs else "start"
            raise serializers.ValidationError({missing: "Give both start and end."})
        if not has_span and "text" not in attrs:
            raise serializers.ValidationError({"text": "Give start and end, or the text."})
        return attrs


class ClaimEditInputSerializer(ClaimUpdateInputSerializer):
    """The triage details, and the wording to publish."""

    claim_text = serializers.CharField(
        required=False,
        max_length=MAX_WORDING,
        help_text="The wording to publish (the sentence as found is kept).",
    )


class DocumentUpdateInputSerializer(serializers.Serializer):
    """A document's details; only the fields given change. `published_at` is ISO 8601: with
    an offset it is kept (and given back) as such; without one it is read in `published_tz`."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    url = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=2000)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200)
    author = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Author or speaker."
    )
    published_at = published_at_field()
    published_tz = published_tz_field()
    kind = serializers.ChoiceField(DocumentKind.choices, required=False)


class DocumentCreateInputSerializer(DocumentInputSerializer):
    """A new document; its publication date is kept with its offset (or read in
    `published_tz`)."""

    published_at = published_at_field(default=None)
    published_tz = published_tz_field(default="")
