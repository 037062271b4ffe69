"""Full-text search over claims, and the ranking of "seen before" matches.

On PostgreSQL, search uses the `english` text-search configuration over the claim text and
speaker, backed by the GIN expression index of migration 0003 (`claim_search_idx`): the
vector expression below must stay identical to the indexed one or the index is not used.
On SQLite (the embedded default) it falls back to case-insensitive substring matching.

Similar claims: one per-process `MatchIndex` (claims.matching) over the newsroom's claims and
the external fact-checks, fed from their stored vectors (`MatchVector`) and kept fresh by an id
watermark: each lookup first adds the vectors stored since the last one (one indexed query
that usually returns nothing), never rebuilding the index. `similar_claims` is the one
function the claim page, the API and the suggestion task call. Matches are suggestions only;
a person confirms them (`claims.suggestions`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from claims import vectors
from claims.matching import Entry, Match, MatchIndex, vector_from_bytes
from claims.models import Claim, ExternalFactCheck, MatchVector, VectorOwner

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 500
# The longest text ranked for similarity (a claim is a sentence; a tweet is shorter).
MAX_MATCH_TEXT = 2000
MAX_LIMIT = 100
REFRESH_BATCH = 5000

_WORD = re.compile(r"\w+", re.UNICODE)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def claim_search_vector() -> SearchVector:
    """The indexed expression (see migration 0003): text weighted A, speaker weighted B."""
    return SearchVector("text", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "speaker_resolved", weight="B", config=SEARCH_CONFIG
    )


def search_claims(queryset: QuerySet[Claim], q: str) -> QuerySet[Claim]:
    """`queryset` narrowed to the claims matching `q`.

    PostgreSQL: web-search syntax ("quoted phrases", -exclusions, or), annotated with `rank`
    so callers can order by relevance. SQLite: every word must appear in the claim text,
    speaker or document title.
    """
    q = (q or "").strip()[:MAX_QUERY_LENGTH]
    if not q:
        return queryset
    if _is_postgres():
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.alias(search=claim_search_vector())
            .filter(search=query)
            .annotate(rank=SearchRank(claim_search_vector(), query))
        )
    for word in _WORD.findall(q)[:20]:
        queryset = queryset.filter(
            Q(text__icontains=word)
            | Q(speaker__icontains=word)
            | Q(speaker_resolved__icontains=word)
            | Q(document__title__icontains=word)
        )
    return queryset


# --- Similar claims: the per-process index ---


class _IndexState:
    def __init__(self) -> None:
        self.index = MatchIndex(vectors.encoder())
        self.watermark = 0


_STATES: dict[tuple[str, str], _IndexState] = {}
_LOCK = threading.Lock()


def match_index_reset() -> None:
    """Forget this process's indexes (the next lookup reloads every stored vector)."""
    with _LOCK:
        _STATES.clear()


def _refresh(state: _IndexState, model: str) -> None:
    """Add the vectors stored since the last refresh (ids above the watermark)."""
    while True:
        rows = list(
            MatchVector.objects.filter(model=model, id__gt=state.watermark)
            .order_by("id")
            .values_list("id", "owner_kind", "object_id", "vector")[:REFRESH_BATCH]
        )
        if not rows:
            return
        claim_ids = [r[2] for r in rows if r[1] == VectorOwner.CLAIM]
        external_ids = [r[2] for r in rows if r[1] == VectorOwner.EXTERNAL]
        texts = {
            f"claim:{pk}": (text, "")
            for pk, text in Claim.objects.filter(pk__in=claim_ids).values_list("pk", "text")
        }
        texts.update(
            (f"external:{pk}", (text, title))
            for pk, text, title in ExternalFactCheck.objects.filter(
                pk__in=external_ids
            ).values_list("pk", "claim_text", "title")
        )
        entries, matrix = [], []
        for _, kind, object_id, blob in rows:
            key = f"{kind}:{object_id}"
            if key in texts:
                entries.append(Entry(key, *texts[key]))
                matrix.append(vector_from_bytes(bytes(blob)))
        if entries:
            state.index.add(entries, np.vstack(matrix))
        state.watermark = rows[-1][0]


def _search(
    text: str, *, limit: int, exclude: set[str], vector: np.ndarray | None = None
) -> list[Match]:
    model = vectors.encoder().name
    with _LOCK:
        state = _STATES.setdefault((model, str(connection.settings_dict["NAME"])), _IndexState())
        _refresh(state, model)
        # A re-imported text leaves its old entry behind: ask for a few more, keep the best.
        found = state.index.search(
            text[:MAX_MATCH_TEXT],
            limit=limit + 5,
            exclude=exclude,
            probable=settings.MATCH_PROBABLE_THRESHOLD,
            related=settings.MATCH_RELATED_THRESHOLD,
            vector=vector,
        )
    unique: dict[str, Match] = {}
    for match in found:
        unique.setdefault(match.key, match)
    return list(unique.values())


@dataclass(frozen=True)
class SimilarMatch:
    """A ranked match with what it points at: an own Claim or an ExternalFactCheck."""

    key: str
    source: str  # "claim" or "external"
    object: Any
    score: float
    lexical: float
    semantic: float
    level: str
    why: dict

    @property
    def is_external(self) -> bool:
        return self.source == VectorOwner.EXTERNAL

    @property
    def text(self) -> str:
        return self.object.claim_text if self.is_external else self.object.text

    @property
    def publisher(self) -> str:
        return self.object.publisher if self.is_external else settings.CLAIMREVIEW_AUTHOR_NAME

    @property
    def verdict(self) -> str:
        if self.is_external:
            return self.object.rating_text
        rating = self.object.rating
        return rating.name if rating and self.object.is_public else ""

    @property
    def date(self) -> date | None:
        if self.is_external:
            return self.object.review_date or self.object.claim_date
        published = self.object.first_published_at
        return published.date() if published else None

    @property
    def url(self) -> str:
        if self.is_external:
            return self.object.url or ""
        return self.object.get_absolute_url()

    @property
    def speaker(self) -> str:
        return self.object.speaker if self.is_external else self.object.speaker_name

    @property
    def has_published_verdict(self) -> bool:
        if self.is_external:
            return self.object.has_verdict
        return self.object.is_public and self.object.rating_id is not None


def resolve_matches(matches: list[Match]) -> list[SimilarMatch]:
    """The matches with their objects (two queries), in rank order; keys whose object is
    gone are dropped."""
    ids: dict[str, list[int]] = {VectorOwner.CLAIM: [], VectorOwner.EXTERNAL: []}
    for match in matches:
        kind, _, pk = match.key.partition(":")
        ids.setdefault(kind, []).append(int(pk))
    objects: dict[str, Any] = {}
    if ids[VectorOwner.CLAIM]:
        claims = Claim.objects.for_lists().filter(pk__in=ids[VectorOwner.CLAIM])
        objects.update((f"claim:{c.pk}", c) for c in claims)
    if ids[VectorOwner.EXTERNAL]:
        externals = ExternalFactCheck.objects.filter(pk__in=ids[VectorOwner.EXTERNAL])
        objects.update((f"external:{e.pk}", e) for e in externals)
    return [
        SimilarMatch(
            key=m.key,
            source=m.key.partition(":")[0],
            object=objects[m.key],
            score=m.score,
            lexical=m.lexical,
            semantic=m.semantic,
            level=m.level,
            why=m.why,
        )
        for m in matches
        if m.key in objects
    ]


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def similar_claims(claim: Claim, *, limit: int = 5) -> list[SimilarMatch]:
    """The own claims and external fact-checks that say much the same as `claim`, best
    first, each with its score, level ("probable", "related" or "") and why.

    Leaves out the claim itself, the other sentences of its own document (neighbours, not
    earlier checks), and the claims already linked to it as duplicate or original."""
    linked = Claim.objects.filter(Q(document_id=claim.document_id) | Q(duplicate_of_id=claim.pk))
    exclude = {f"claim:{pk}" for pk in linked.values_list("pk", flat=True)}
    exclude.add(f"claim:{claim.pk}")
    if claim.duplicate_of_id:
        exclude.add(f"claim:{claim.duplicate_of_id}")
    limit = _limit(limit)
    # The claim's stored vector, when the worker has stored it, saves encoding it again.
    found = _search(claim.text, limit=limit, exclude=exclude, vector=vectors.claim_vector(claim.pk))
    return resolve_matches(found)[:limit]


def similar_to_text(text: str, *, limit: int = 5) -> list[SimilarMatch]:
    """Everything in the index ranked against a free text (a search, a tweet, a sentence)."""
    text = (text or "").strip()
    if not text:
        return []
    limit = _limit(limit)
    return resolve_matches(_search(text, limit=limit, exclude=set()))[:limit]
