"""BM25 over an in-memory inverted index that grows by add().

Postings are numpy arrays per term (document number, term frequency), appended in chunks and
joined on first use, so adding a batch costs its own size and a query touches only the postings
of its own terms: no pass over the whole collection.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from claims.matching.text import terms

# Chosen by grouped cross-validation on the CheckThat! train queries (bench/matching.py).
K1 = 0.9
B = 0.5


class LexicalIndex:
    """BM25 scores of a query against every document that shares one of its terms."""

    def __init__(self, *, k1: float = K1, b: float = B) -> None:
        self.k1 = k1
        self.b = b
        self._lengths: list[np.ndarray] = []
        self._length_array = np.zeros(0, dtype=np.float32)
        self._postings: dict[str, list[np.ndarray]] = {}
        self._size = 0
        self._total_length = 0

    def __len__(self) -> int:
        return self._size

    def add(self, texts: Sequence[str]) -> None:
        """Index texts as documents numbered from len(self) on, in order."""
        buckets: dict[str, list[tuple[int, int]]] = {}
        lengths = np.zeros(len(texts), dtype=np.float32)
        for offset, text in enumerate(texts):
            counts = Counter(terms(text))
            lengths[offset] = sum(counts.values())
            doc = self._size + offset
            for term, count in counts.items():
                buckets.setdefault(term, []).append((doc, count))
        for term, pairs in buckets.items():
            self._postings.setdefault(term, []).append(np.array(pairs, dtype=np.int64))
        self._lengths.append(lengths)
        self._size += len(texts)
        self._total_length += int(lengths.sum())

    def _posting(self, term: str) -> np.ndarray | None:
        chunks = self._postings.get(term)
        if not chunks:
            return None
        if len(chunks) > 1:
            chunks[:] = [np.concatenate(chunks)]
        return chunks[0]

    def _doc_lengths(self) -> np.ndarray:
        if self._lengths:
            self._length_array = np.concatenate([self._length_array, *self._lengths])
            self._lengths = []
        return self._length_array

    def idf(self, df: int) -> float:
        # The Lucene form: never negative, so a very common term still counts a little.
        return math.log(1.0 + (self._size - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> tuple[np.ndarray, np.ndarray, float]:
        """(documents, BM25 scores, the query's own score as the best a document could get).

        Only documents sharing a term are returned. The ceiling is the score of a document that
        contains each query term as often as the query does, at average length: dividing by it
        gives a 0..1 "how much of the query's weight matched" that means the same across queries.
        """
        query_terms = Counter(terms(query))
        if not query_terms or not self._size:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), 0.0
        lengths = self._doc_lengths()
        average = self._total_length / self._size or 1.0
        docs, weights, ceiling = [], [], 0.0
        for term, query_count in query_terms.items():
            posting = self._posting(term)
            if posting is None:
                continue
            idf = self.idf(len(posting))
            tf = posting[:, 1].astype(np.float32)
            norm = self.k1 * (1.0 - self.b + self.b * lengths[posting[:, 0]] / average)
            docs.append(posting[:, 0])
            weights.append(query_count * idf * tf * (self.k1 + 1.0) / (tf + norm))
            ceiling += query_count * idf * (self.k1 + 1.0) * query_count / (query_count + self.k1)
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), 0.0
        # A dense sum over the collection (a few ms at a million) beats sorting long postings.
        summed = np.bincount(
            np.concatenate(docs), weights=np.concatenate(weights), minlength=self._size
        )
        found = np.flatnonzero(summed)
        return found, summed[found].astype(np.float32), ceiling
