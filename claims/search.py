"""Full-text search over claims, and "similar claims" suggestions.

On PostgreSQL, search uses the `english` text-search configuration over the claim text and
speaker, backed by the GIN expression index of migration 0003 (`claim_search_idx`): the
vector expression below must stay identical to the indexed one or the index is not used.
On SQLite (the embedded default) it falls back to case-insensitive substring matching.

Similar claims are only suggestions; a person confirms a duplicate (`claim_mark_duplicate`).
"""

from __future__ import annotations

import itertools
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from claims.models import Claim

SEARCH_CONFIG = "english"
# Candidates fetched for the rapidfuzz fallback and for re-ranking full-text matches.
SIMILAR_CANDIDATES = 300
# rapidfuzz token_set_ratio (0..100) below which a claim is not "similar".
SIMILAR_MIN_RATIO = 60
MAX_QUERY_LENGTH = 500

_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to tell two claims apart; kept short on purpose.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
        "said",
        "says",
    ]
)


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


def _keywords(text: str, limit: int = 12) -> list[str]:
    words, seen = [], set()
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in _STOPWORDS or word in seen:
            continue
        seen.add(word)
        words.append(word)
    # Longer words are usually more specific ("unemployment" over "fell").
    return sorted(words, key=len, reverse=True)[:limit]


def similar_claims(claim: Claim, limit: int = 5) -> list[Claim]:
    """Up to `limit` other claims that say much the same as `claim`, most similar first.

    Excludes the claim itself and claims already marked as its duplicates or original.
    Candidates are bounded (SIMILAR_CANDIDATES), then re-scored with rapidfuzz.
    """
    from rapidfuzz import fuzz

    keywords = _keywords(claim.text)
    if not keywords:
        return []
    base = Claim.objects.exclude(pk=claim.pk).exclude(duplicate_of_id=claim.pk).for_lists()
    if claim.duplicate_of_id:
        base = base.exclude(pk=claim.duplicate_of_id)
    if _is_postgres():
        # A candidate shares two of the six most specific keywords (one, if that is all
        # there is). Ranking every match would recompute each row's vector, seconds on a
        # million claims; the GIN index answers this, newest first, in milliseconds, and
        # rapidfuzz orders what it returns.
        top = keywords[:6]
        pairs = [f"({a} & {b})" for a, b in itertools.combinations(top, 2)] or top
        query = SearchQuery(" | ".join(pairs), search_type="raw", config=SEARCH_CONFIG)
        candidates = list(
            base.alias(search=claim_search_vector())
            .filter(search=query)
            .order_by("-id")[:SIMILAR_CANDIDATES]
        )
    else:
        match = Q()
        for word in keywords[:6]:
            match |= Q(text__icontains=word)
        candidates = list(base.filter(match).order_by("-id")[:SIMILAR_CANDIDATES])
    scored = []
    for candidate in candidates:
        ratio = fuzz.token_set_ratio(claim.text, candidate.text)
        if ratio >= SIMILAR_MIN_RATIO:
            scored.append((ratio, candidate.pk, candidate))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return [candidate for _, _, candidate in scored[:limit]]
