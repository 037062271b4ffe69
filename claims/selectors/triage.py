"""Reads of the triage and document pages: claims filtered by what a newsroom triages by,
and the check-worthiness bands the filters and the pages' score bars share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from claims.models import Claim, Document, Speaker
from claims.search import search_claims

# Check-worthiness bands: (lowest score in, lowest score of the band above). The triage
# filters and the score bars on the pages use the same bands.
SCORE_BANDS = {"high": (0.7, None), "medium": (0.4, 0.7), "low": (0.0, 0.4)}
CLAIM_SORTS = {
    "score": ("-score", "-id"),
    "date": ("-claim_date", "-id"),
    "document": ("document_id", "start", "id"),
}


def score_band(score: float) -> str:
    return next(band for band, (low, _) in SCORE_BANDS.items() if score >= low)


@dataclass(frozen=True)
class ClaimFilters:
    """What the triage and document pages filter claims by (parsed by
    `claims.triage_forms.ClaimFilterForm`); empty values filter nothing."""

    q: str = ""
    document: Document | None = None
    document_title: str = ""  # part of the title, when no document is named by number
    speaker: Speaker | None = None
    speaker_text: str = ""  # written or resolved speaker contains, when no Speaker matches
    claim_type: str = ""
    status: str = ""
    assignee: Any = None
    unassigned: bool = False
    score_band: str = ""
    date_from: Any = None  # dates, inclusive
    date_to: Any = None
    sort: str = "score"


def claims_filtered(filters: ClaimFilters) -> QuerySet[Claim]:
    """Claims for the triage and document pages, filtered and sorted. A claim's date is its
    document's publication date, or when it was found when the document has none."""
    claims = (
        Claim.objects.for_lists()
        .select_related("speaker_ref")
        .alias(claim_date=Coalesce("document__published_at", "created_at"))
    )
    conditions = {
        "document": filters.document,
        "speaker_ref": filters.speaker,
        "claim_type": filters.claim_type,
        "status": filters.status,
        "assignee": filters.assignee,
        "claim_date__date__gte": filters.date_from,
        "claim_date__date__lte": filters.date_to,
    }
    claims = claims.filter(**{k: v for k, v in conditions.items() if v not in (None, "")})
    if filters.unassigned:
        claims = claims.filter(assignee__isnull=True)
    if filters.document_title:
        claims = claims.filter(document__title__icontains=filters.document_title)
    if filters.speaker_text:
        text = filters.speaker_text
        claims = claims.filter(Q(speaker_resolved__icontains=text) | Q(speaker__icontains=text))
    if filters.score_band in SCORE_BANDS:
        low, high = SCORE_BANDS[filters.score_band]
        claims = claims.filter(score__gte=low)
        claims = claims if high is None else claims.filter(score__lt=high)
    claims = search_claims(claims, filters.q)
    return claims.order_by(*CLAIM_SORTS.get(filters.sort, CLAIM_SORTS["score"]))
