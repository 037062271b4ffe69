"""Sentence features for the learned scorer: word and character n-grams, TF-IDF, rule features.

Training and scoring both call these functions, so a model sees at scoring time exactly the
vectors it was fitted on. Standard library and numpy only: the worker that scores never
imports scikit-learn.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .score import WEIGHTS

__all__ = [
    "RULE_FEATURES",
    "TfIdf",
    "char_ngrams",
    "rule_vector",
    "terms",
    "word_ngrams",
    "word_tokens",
]

# The rule scorer's named features, in a fixed order; their weights are learned.
RULE_FEATURES: tuple[str, ...] = tuple(WEIGHTS)

_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[a-z]+(?:'[a-z]+)?|[$%?€£]")
_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")
_SPACES = re.compile(r"\s+")


def word_tokens(text: str) -> list[str]:
    """Lowercased words, currency and percent signs and "?"; numbers become <year> or <num>,
    so "47 million" and "12 million" share the n-gram "<num> million"."""
    out = []
    for match in _TOKEN.finditer(text.lower().replace("’", "'")):
        token = match.group()
        if token[0].isdigit():
            token = "<year>" if _YEAR.fullmatch(token) else "<num>"
        out.append(token)
    return out


def word_ngrams(text: str, n: int = 2) -> list[str]:
    """Word 1..n-grams, joined by single spaces."""
    tokens = word_tokens(text)
    grams = list(tokens)
    for size in range(2, n + 1):
        grams.extend(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return grams


def char_ngrams(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams inside word boundaries (each word padded with spaces), lowercased."""
    grams = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for size in range(low, high + 1):
            if size > len(padded):
                break
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def terms(text: str, analyzers: Mapping[str, Sequence[int]]) -> list[str]:
    """The n-grams of every analyzer, each prefixed by its kind ("w:" words, "c:" characters)."""
    out: list[str] = []
    for kind, sizes in analyzers.items():
        if kind == "word":
            out.extend("w:" + gram for gram in word_ngrams(text, sizes[-1]))
        elif kind == "char":
            out.extend("c:" + gram for gram in char_ngrams(text, sizes[0], sizes[-1]))
        else:
            raise ValueError(f"unknown analyzer {kind!r}")
    return out


def rule_vector(features: Mapping[str, int]) -> np.ndarray:
    """The rule scorer's fired features (name -> count) as a vector in RULE_FEATURES order."""
    return np.array([float(features.get(name, 0)) for name in RULE_FEATURES])


class TfIdf:
    """Sublinear TF-IDF over a fixed vocabulary, rows L2-normalised (as scikit-learn's
    TfidfVectorizer(sublinear_tf=True, smooth_idf=True))."""

    def __init__(self, vocabulary: Sequence[str], idf: Sequence[float]):
        if len(vocabulary) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        self.vocabulary = list(vocabulary)
        self.index = {term: i for i, term in enumerate(self.vocabulary)}
        if len(self.index) != len(self.vocabulary):
            raise ValueError("vocabulary has duplicate terms")
        self.idf = np.asarray(idf, dtype=np.float64)
        self.idf_list = self.idf.tolist()

    @classmethod
    def fit(cls, documents: Iterable[list[str]], *, min_df: int = 2, max_terms: int = 60000):
        """Vocabulary of the terms in at least ``min_df`` documents (the most frequent
        ``max_terms``, ties by term), with smoothed inverse document frequencies."""
        df: Counter[str] = Counter()
        n = 0
        for document in documents:
            df.update(set(document))
            n += 1
        kept = sorted((t for t, c in df.items() if c >= min_df), key=lambda t: (-df[t], t))
        kept = sorted(kept[:max_terms])
        idf = [math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept]
        return cls(kept, idf)

    def row(self, document: Sequence[str]) -> tuple[list[int], list[float]]:
        """(column indices, values) of one document's vector; unknown terms are dropped.
        Plain Python: for the few dozen terms of a sentence it beats numpy's call overhead."""
        counts = Counter(t for t in document if t in self.index)
        if not counts:
            return [], []
        columns = [self.index[t] for t in counts]
        idf = self.idf_list
        values = [
            (1.0 + math.log(c)) * idf[i] for i, c in zip(columns, counts.values(), strict=True)
        ]
        norm = math.sqrt(sum(v * v for v in values))
        return columns, [v / norm for v in values]

    def rows(self, documents: Iterable[Sequence[str]]) -> tuple[list[int], list[int], list[float]]:
        """CSR parts (indptr, indices, values) of many documents' vectors."""
        indptr, indices, values = [0], [], []
        for document in documents:
            columns, row_values = self.row(document)
            indices.extend(columns)
            values.extend(row_values)
            indptr.append(len(indices))
        return indptr, indices, values
