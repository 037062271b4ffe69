"""MatchIndex: hybrid lexical + semantic ranking of fact-checked claims, re-ranked by facts.

1. Candidates: the best CANDIDATES by BM25 (inverted index) and the best by cosine.
2. Fusion: score = w * max(cosine, 0) + (1 - w) * BM25 / BM25-ceiling, both on a 0..1 scale
   that means the same for every query, so two fixed thresholds can read it.
3. Re-ranking: the best RERANK candidates are compared on numbers, years and actors; each kind
   that differs costs DIFFER_PENALTY, and a candidate that differs is never "probable".
The defaults are chosen by grouped cross-validation in bench/matching.py (see README).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from claims.matching.encoder import Encoder
from claims.matching.facts import compare, facts
from claims.matching.lexical import LexicalIndex
from claims.matching.semantic import VectorIndex
from claims.matching.text import clean

# Chosen on the CheckThat! train sets by bench/matching.py (README, "Matching core"): the fusion
# by the best average of the two sets; the thresholds by the held-out precision of the top match
# (0.84 debates / 0.85 tweets at or above PROBABLE; 0.60 / 0.90 at or above RELATED).
PROBABLE = 0.7
RELATED = 0.5
SEMANTIC_WEIGHT = 0.6
TITLE_WEIGHT = 0.3
DIFFER_PENALTY = 0.05
CANDIDATES = 100
RERANK = 30


@dataclass(frozen=True)
class Entry:
    key: str  # "claim:12", "external:7"
    text: str  # the claim as checked
    title: str = ""  # a fact-check's headline, if any


@dataclass(frozen=True)
class Match:
    key: str
    score: float  # fused relevance 0..1, what the thresholds compare against
    lexical: float
    semantic: float
    level: str  # "probable", "related" or ""
    why: dict  # {"shared": [...], "differs": [...], ...}: numbers, years, actors


def embed_entries(
    encoder: Encoder, entries: Sequence[Entry], *, title_weight: float = TITLE_WEIGHT
) -> np.ndarray:
    """The vector an entry is indexed by: its claim, with its headline mixed in when it has one.

    Store these (vector_to_bytes) and pass them to MatchIndex.add to skip encoding there.
    """
    vectors = encoder.encode([clean(entry.text) for entry in entries])
    titled = [row for row, entry in enumerate(entries) if entry.title.strip()]
    if titled and title_weight:
        titles = encoder.encode([clean(entries[row].title) for row in titled])
        vectors[titled] += title_weight * titles
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return vectors


def _best(scores: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` highest scores, in no order (argpartition: linear time)."""
    if len(scores) <= count:
        return np.arange(len(scores))
    return np.argpartition(-scores, count - 1)[:count]


class MatchIndex:
    """An in-memory index of entries; search ranks them against a query text."""

    def __init__(
        self,
        encoder: Encoder | None = None,
        *,
        semantic_weight: float = SEMANTIC_WEIGHT,
        differ_penalty: float = DIFFER_PENALTY,
        lexical: LexicalIndex | None = None,
    ) -> None:
        self.encoder = encoder
        self.semantic_weight = semantic_weight if encoder is not None else 0.0
        self.differ_penalty = differ_penalty
        self._lexical = lexical or LexicalIndex()
        self._vectors = VectorIndex(encoder.dim) if encoder is not None else None
        self._entries: list[Entry] = []
        self._row_of: dict[str, int] = {}
        self._replaced: set[int] = set()

    def __len__(self) -> int:
        return len(self._row_of)

    def add(self, entries: Sequence[Entry], vectors: np.ndarray | None = None) -> None:
        """Index entries; an entry whose key is already indexed replaces the older one."""
        entries = list(entries)
        if not entries:
            return
        if self._vectors is not None:
            if vectors is None:
                vectors = embed_entries(self.encoder, entries)
            vectors = np.asarray(vectors, dtype=np.float32)
            if vectors.shape != (len(entries), self._vectors.dim):
                expected = (len(entries), self._vectors.dim)
                raise ValueError(f"vectors must have shape {expected}, not {vectors.shape}")
        start = len(self._entries)
        for offset, entry in enumerate(entries):
            old = self._row_of.get(entry.key)
            if old is not None:
                self._replaced.add(old)
            self._row_of[entry.key] = start + offset
        self._entries.extend(entries)
        self._lexical.add([f"{entry.text} {entry.title}" for entry in entries])
        if self._vectors is not None:
            self._vectors.add(vectors)

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        exclude: Collection[str] = (),
        probable: float = PROBABLE,
        related: float = RELATED,
        vector: np.ndarray | None = None,
    ) -> list[Match]:
        """The best `limit` entries for the query, best first; [] when nothing is near.

        `vector` is the query's own embedding when the caller has it stored (skips encoding).
        """
        query = clean(query)
        if limit <= 0 or not self._entries or not query:
            return []
        candidates, lexical, semantic = self._candidates(query, vector, exclude)
        if not len(candidates):
            return []
        fused = (
            self.semantic_weight * np.maximum(semantic, 0.0)
            + (1.0 - self.semantic_weight) * lexical
        )
        order = np.argsort(-fused, kind="stable")[: max(RERANK, limit)]
        query_facts = facts(query)
        reranked = []
        for position in order:
            entry = self._entries[candidates[position]]
            why = compare(query_facts, facts(entry.text))
            score = float(fused[position]) * (1.0 - self.differ_penalty * len(why["differs"]))
            reranked.append((score, position, why))
        reranked.sort(key=lambda item: -item[0])
        return [
            self._match(
                candidates[position],
                score,
                lexical[position],
                semantic[position],
                why,
                probable,
                related,
            )
            for score, position, why in reranked[:limit]
        ]

    def _candidates(self, query: str, vector, exclude) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate rows with their normalised lexical score and cosine."""
        docs, scores, ceiling = self._lexical.scores(query)
        pools = [docs[_best(scores, CANDIDATES)]]
        if self._vectors is not None and self.semantic_weight > 0:
            if vector is None:
                vector = self.encoder.encode([query])[0]
            pools.append(self._vectors.top(vector, CANDIDATES)[0])
        rows = np.unique(np.concatenate(pools))
        skip = self._replaced | {self._row_of[key] for key in exclude if key in self._row_of}
        if skip:
            rows = rows[~np.isin(rows, list(skip))]
        lexical = np.zeros(len(rows), dtype=np.float32)
        if len(docs) and ceiling > 0:
            at = np.minimum(np.searchsorted(docs, rows), len(docs) - 1)
            hit = docs[at] == rows
            lexical[hit] = np.minimum(scores[at[hit]] / ceiling, 1.0)
        semantic = np.zeros(len(rows), dtype=np.float32)
        if self._vectors is not None and self.semantic_weight > 0 and len(rows):
            semantic = self._vectors.cosines(vector, rows)
        return rows, lexical, semantic

    def _match(self, row, score, lexical, semantic, why, probable, related) -> Match:
        score = min(max(score, 0.0), 1.0)
        if score >= probable and not why["differs"]:
            level = "probable"
        elif score >= related or score >= probable:
            level = "related"
        else:
            level = ""
        return Match(
            key=self._entries[row].key,
            score=round(score, 4),
            lexical=round(float(lexical), 4),
            semantic=round(float(max(semantic, 0.0)), 4),
            level=level,
            why=why,
        )
