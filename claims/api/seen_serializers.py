"""API shapes of "seen before": ranked matches, suggestions, the external archive.

A match is built by hand from a `claims.search.SimilarMatch` (one shape for the similar-
claims, search and suggestion answers); the serializers declare it for the schema."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from claims.api.serializers import id_field, version_field
from claims.api.shapes import iso
from claims.models import (
    EXTERNAL_RECORD_FIELDS,
    ExternalFactCheck,
    MatchLevel,
    MatchSuggestion,
    SuggestionState,
)
from claims.search import MAX_QUERY_LENGTH, SimilarMatch
from claims.seen import SEARCH_SOURCES, suggestion_match
from claims.seen_rules import SEEN_BEFORE_ACTIONS

MAX_RESULTS = 50


class MatchSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='"claim:12" or "external:7".')
    source = serializers.ChoiceField(choices=list(SEARCH_SOURCES))
    id = serializers.IntegerField()
    score = serializers.FloatField(help_text="Fused relevance 0..1 (what the thresholds use).")
    lexical = serializers.FloatField()
    semantic = serializers.FloatField()
    level = serializers.ChoiceField(choices=["probable", "related", ""])
    why = serializers.DictField(help_text="shared and differing words, numbers, years, actors.")
    text = serializers.CharField()
    title = serializers.CharField()
    speaker = serializers.CharField()
    publisher = serializers.CharField()
    verdict = serializers.CharField(help_text="The published rating; empty if none.")
    date = serializers.DateField(allow_null=True)
    url = serializers.CharField(help_text="The fact-check's address (ours: the claim page).")
    status = serializers.CharField(help_text="Our claims only: the workflow status.")


def match_data(match: SimilarMatch) -> dict[str, Any]:
    obj = match.object
    url = match.url
    if url.startswith("/"):
        url = settings.SITE_URL + url
    return {
        "key": match.key,
        "source": match.source,
        "id": obj.pk,
        "score": match.score,
        "lexical": match.lexical,
        "semantic": match.semantic,
        "level": match.level,
        "why": match.why,
        "text": match.text,
        "title": obj.title if match.is_external else "",
        "speaker": match.speaker,
        "publisher": match.publisher,
        "verdict": match.verdict,
        "date": match.date.isoformat() if match.date else None,
        "url": url,
        "status": "" if match.is_external else obj.status,
    }


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim = serializers.IntegerField()
    claim_text = serializers.CharField()
    document = serializers.IntegerField()
    speaker = serializers.CharField()
    state = serializers.ChoiceField(choices=SuggestionState.choices)
    match = MatchSerializer()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


def suggestion_data(suggestion: MatchSuggestion) -> dict[str, Any]:
    claim = suggestion.claim
    return {
        "id": suggestion.pk,
        "claim": claim.pk,
        "claim_text": claim.text,
        "document": claim.document_id,
        "speaker": claim.speaker_name,
        "state": suggestion.state,
        "match": match_data(suggestion_match(suggestion)),
        "decided_by": suggestion.decided_by.get_username() if suggestion.decided_by else None,
        "decided_at": iso(suggestion.decided_at),
        "created_at": iso(suggestion.created_at),
    }


class SimilarQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_RESULTS, default=5)


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, trim_whitespace=True)
    source = serializers.ChoiceField(choices=list(SEARCH_SOURCES), required=False)
    publisher = serializers.CharField(max_length=200, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_RESULTS, default=10)


class SuggestionFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=SuggestionState.choices, default=SuggestionState.OPEN)
    document = id_field(required=False)
    speaker = serializers.CharField(max_length=200, required=False)
    level = serializers.ChoiceField(choices=MatchLevel.choices, required=False)


class DecisionInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ResolveInputSerializer(DecisionInputSerializer):
    action = serializers.ChoiceField(
        choices=list(SEEN_BEFORE_ACTIONS),
        help_text="dismiss: checked already; fast_track: select it with the earlier verdict.",
    )
    version = version_field()


class ExternalFactCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExternalFactCheck
        fields = ["id", *EXTERNAL_RECORD_FIELDS, "source", "imported_at"]


class ExternalFilterSerializer(serializers.Serializer):
    publisher = serializers.CharField(max_length=200, required=False)
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, required=False)


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="ClaimReview JSON-LD, an HTML page, or the lab's TSV.")
    source = serializers.CharField(max_length=100, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ImportErrorSerializer(serializers.Serializer):
    record = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)
