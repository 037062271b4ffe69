"""Reads for the "seen before" faces: the claim page's matches, the review queue, search.

Each does its joins once, so a page's query count does not grow with its rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from claims.models import Claim, ExternalFactCheck, MatchSuggestion, SuggestionState
from claims.search import SimilarMatch, similar_claims, similar_to_text

SEARCH_SOURCES = {"claim": "Our claims", "external": "Other fact-checkers"}


@dataclass(frozen=True)
class SeenBefore:
    """One row of a claim's "Seen before": a match and, once stored, its suggestion."""

    match: SimilarMatch
    suggestion: MatchSuggestion | None = None

    @property
    def state(self) -> str:
        return self.suggestion.state if self.suggestion else SuggestionState.OPEN

    @property
    def is_open(self) -> bool:
        return self.state == SuggestionState.OPEN

    @property
    def can_resolve(self) -> bool:
        """Confirmed, with a published verdict: the claim may be dismissed or fast-tracked."""
        return self.state == SuggestionState.CONFIRMED and self.match.has_published_verdict


def suggestion_match(suggestion: MatchSuggestion) -> SimilarMatch:
    """A stored suggestion as a match (the scores and why as they were when suggested)."""
    return SimilarMatch(
        key=suggestion.target_key,
        source="external" if suggestion.external_id else "claim",
        object=suggestion.target,
        score=suggestion.score,
        lexical=suggestion.lexical,
        semantic=suggestion.semantic,
        level=suggestion.level,
        why=suggestion.why,
    )


def _suggestions_with_targets() -> QuerySet[MatchSuggestion]:
    return MatchSuggestion.objects.select_related(
        "external", "matched_claim", "matched_claim__rating", "decided_by"
    )


def seen_before(claim: Claim, *, limit: int = 5) -> list[SeenBefore]:
    """The claim's stored suggestions (confirmed first, then open, best first) and the live
    matches above the related threshold not stored yet. Rejected ones never show."""
    stored = list(_suggestions_with_targets().filter(claim=claim))
    rejected = {s.target_key for s in stored if s.state == SuggestionState.REJECTED}
    kept = [s for s in stored if s.state != SuggestionState.REJECTED]
    kept.sort(key=lambda s: (s.state != SuggestionState.CONFIRMED, -s.score, -s.pk))
    rows = [SeenBefore(suggestion_match(s), s) for s in kept]
    known = rejected | {s.target_key for s in kept}
    for match in similar_claims(claim, limit=limit):
        if match.level and match.key not in known and len(rows) < limit + len(kept):
            rows.append(SeenBefore(match))
    return rows


def stored_suggestion(claim: Claim, key: str) -> MatchSuggestion | None:
    kind, _, pk = key.partition(":")
    field = {"claim": "matched_claim_id", "external": "external_id"}.get(kind)
    if field is None or not pk.isdigit():
        return None
    return MatchSuggestion.objects.filter(claim=claim, **{field: int(pk)}).first()


def suggestion_queue(
    *,
    state: str = SuggestionState.OPEN,
    document: int | None = None,
    speaker: str = "",
    level: str = "",
) -> QuerySet[MatchSuggestion]:
    """Suggestions to review, highest score first, with their claims and targets."""
    queryset = (
        _suggestions_with_targets()
        .select_related("claim", "claim__document")
        .defer("claim__document__text", "matched_claim__document__text")
        .order_by("-score", "-id")
    )
    if state:
        queryset = queryset.filter(state=state)
    if document:
        queryset = queryset.filter(claim__document_id=document)
    if speaker:
        queryset = queryset.filter(
            Q(claim__speaker_resolved__iexact=speaker) | Q(claim__speaker__iexact=speaker)
        )
    if level:
        queryset = queryset.filter(level=level)
    return queryset


def search_archive(
    q: str, *, source: str = "", publisher: str = "", limit: int = 20
) -> list[SimilarMatch]:
    """Own claims and external fact-checks ranked against `q` (the same ranking as "seen
    before"), narrowed by source and publisher."""
    filtered = bool(source or publisher)
    matches = similar_to_text(q, limit=100 if filtered else limit)
    if source:
        matches = [m for m in matches if m.source == source]
    if publisher:
        wanted = publisher.strip().lower()
        matches = [m for m in matches if m.publisher.lower() == wanted]
    return matches[:limit]


def external_fact_checks(*, publisher: str = "", q: str = "") -> QuerySet[ExternalFactCheck]:
    queryset = ExternalFactCheck.objects.order_by("-id")
    if publisher:
        queryset = queryset.filter(publisher__iexact=publisher)
    if q:
        queryset = queryset.filter(Q(claim_text__icontains=q) | Q(title__icontains=q))
    return queryset


def archive_publishers() -> list[str]:
    return list(
        ExternalFactCheck.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )
