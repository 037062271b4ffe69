"""Matching core (minimal stand-in with the agreed interface; pure Python and numpy).

A lexical score (idf-weighted token overlap, a cosine over an inverted index) fused with a
"semantic" score from a hashing encoder (words and word pairs hashed into a fixed-dimension,
L2-normalised vector), then a re-ranking step that reads numbers and years: a candidate whose
numbers differ from the query's is at most "related", never "probable".
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

PROBABLE = 0.6
RELATED = 0.35
LEXICAL_WEIGHT = 0.5
# Tokens in more than this share of the entries tell nothing apart: not used as candidates.
COMMON_SHARE = 0.2

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"[@#]\w+")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_STOPWORD_TEXT = (
    "a an and are as at be been but by can could did do does for from had has have he her "
    "his i if in into is it its me more most my no not of on or our over said says she so "
    "than that the their them then there these they this those to under up us was we were "
    "what when which who will with would you your"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers, without links, handles, stop words or plural -s."""
    text = _HANDLE.sub(" ", _URL.sub(" ", text.lower()))
    words = []
    for word in _TOKEN.findall(text):
        if word in _STOPWORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word.replace(",", ""))
    return words


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(_URL.sub(" ", text))}


@dataclass(frozen=True)
class Entry:
    key: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Match:
    key: str
    score: float
    lexical: float
    semantic: float
    level: str
    why: dict = field(default_factory=dict)


class Encoder:
    """Hashes words and adjacent word pairs into `dim` signed buckets."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = tokens(text)
            features = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            for feature in features:
                code = zlib.crc32(feature.encode("utf-8"))
                sign = 1.0 if code & 1 else -1.0
                matrix[row, (code >> 1) % self.dim] += sign
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return matrix / norms


@cache
def load_encoder(location: str | None = None) -> Encoder:
    if location:
        raise ValueError(f"No encoder model at {location!r}: this build has only the default.")
    return Encoder()


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


class MatchIndex:
    def __init__(self, encoder: Encoder | None = None) -> None:
        self.encoder = encoder
        self._keys: list[str] = []
        self._texts: list[str] = []
        self._tokens: list[Counter] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._blocks: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None
        self._norms: dict[int, float] = {}  # per entry, for the idf of the current size

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, entries: Sequence[Entry], vectors: np.ndarray | None = None) -> None:
        if not entries:
            return
        if self.encoder is not None:
            if vectors is None:
                vectors = self.encoder.encode([e.text for e in entries])
            self._blocks.append(np.asarray(vectors, dtype=np.float32))
            self._matrix = None
        self._norms.clear()
        for entry in entries:
            position = len(self._keys)
            counts = Counter(tokens(f"{entry.text} {entry.title}"))
            self._keys.append(entry.key)
            self._texts.append(entry.text)
            self._tokens.append(counts)
            for token in counts:
                self._postings[token].append(position)

    def _idf(self, token: str) -> float:
        return math.log(1 + len(self._keys) / (1 + len(self._postings.get(token, ()))))

    def _lexical(self, query: list[str]) -> dict[int, float]:
        weights = {t: self._idf(t) for t in set(query)}
        query_norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        common = max(50, COMMON_SHARE * len(self._keys))
        overlap: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            postings = self._postings.get(token, ())
            if len(postings) > common:
                continue
            for position in postings:
                overlap[position] += weight * weight
        scores = {}
        for position, shared in overlap.items():
            norm = self._norms.get(position)
            if norm is None:
                norm = math.sqrt(sum(self._idf(t) ** 2 for t in self._tokens[position])) or 1.0
                self._norms[position] = norm
            scores[position] = shared / (query_norm * norm)
        return scores

    def _semantic(self, query: str) -> np.ndarray | None:
        if self.encoder is None or not self._blocks:
            return None
        if self._matrix is None:
            self._matrix = np.vstack(self._blocks)
            self._blocks = [self._matrix]
        return self._matrix @ self.encoder.encode([query])[0]

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        exclude: Collection[str] = (),
        probable: float = PROBABLE,
        related: float = RELATED,
    ) -> list[Match]:
        if not self._keys or limit <= 0:
            return []
        lexical = self._lexical(tokens(query))
        semantic = self._semantic(query)
        candidates = set(lexical)
        if semantic is not None:
            top = min(len(semantic), 4 * limit + len(exclude))
            candidates.update(np.argpartition(-semantic, top - 1)[:top].tolist())
        scored = []
        for position in candidates:
            if self._keys[position] in exclude:
                continue
            lex = lexical.get(position, 0.0)
            sem = max(0.0, float(semantic[position])) if semantic is not None else lex
            score = LEXICAL_WEIGHT * lex + (1 - LEXICAL_WEIGHT) * sem
            if score > 0:
                scored.append((score, lex, sem, position))
        scored.sort(key=lambda item: (-item[0], item[3]))
        return [
            self._match(query, position, score, lex, sem, probable, related)
            for score, lex, sem, position in scored[:limit]
        ]

    def _match(self, query, position, score, lex, sem, probable, related) -> Match:
        text = self._texts[position]
        mine, theirs = numbers(query), numbers(text)
        shared_words = sorted(set(tokens(query)) & set(self._tokens[position]))
        why = {
            "shared": shared_words[:12],
            "differs": sorted(mine ^ theirs) if mine and theirs else [],
        }
        score = min(1.0, round(score, 4))
        if score >= probable and not why["differs"]:
            level = "probable"
        elif score >= related:
            level = "related"
        else:
            level = ""
        return Match(self._keys[position], score, round(lex, 4), round(sem, 4), level, why)
