"""Fitting the learned scorer: grouped cross-validation, Platt calibration, thresholds.

Needs scikit-learn (the logistic regression); ``learned.train`` imports this module only
when a model is fitted. Every figure in ``metrics`` comes from out-of-fold scores: each
sentence is scored by a model that never saw its group (debate or document).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc

from .features import RULE_FEATURES, TfIdf, rule_vector, terms
from .learned import Example, LearnedScorer, TrainingResult
from .params import build_params
from .pipeline import parse_sentences
from .score import score_span
from .validation import (
    average_precision,
    best_f1_threshold,
    calibration_table,
    grouped_folds,
    platt,
    precision_recall_f1,
    recall_threshold,
)

__all__ = ["CONFIG", "Prepared", "cross_validate", "fit", "fit_model", "prepare"]

MIN_EXAMPLES = 20
MIN_PER_CLASS = 5
MIN_GROUPS = 3
# Chosen by grouped cross-validation on the ClaimBuster training debates (bench/scorer.py
# --compare prints the table): word 1-2-grams and the rule features, C = 1.
CONFIG: dict = {
    "analyzers": {"word": [1, 2]},
    "rules": True,
    "C": 1.0,
    "feature_scale": 0.5,
    "min_df": 2,
    "max_terms": 60000,
    "folds": 5,
    "recall_target": 0.85,
}


@dataclass
class Prepared:
    """Labelled sentences with what scoring computes from their parse."""

    texts: list[str]
    labels: np.ndarray
    groups: list[str]
    weights: np.ndarray
    features: list[dict[str, int]]  # the rule scorer's fired features per sentence
    rule_scores: np.ndarray
    term_lists: dict[str, list[list[str]]] = field(default_factory=dict)  # cache per analyzer

    def terms_for(self, analyzers: dict[str, list[int]]) -> list[list[str]]:
        key = repr(sorted(analyzers.items()))
        if key not in self.term_lists:
            self.term_lists[key] = [terms(text, analyzers) for text in self.texts]
        return self.term_lists[key]


def check_examples(examples: Sequence[Example]) -> None:
    """ValueError with a readable message when the examples cannot train a model."""
    if len(examples) < MIN_EXAMPLES:
        raise ValueError(f"too few examples: {len(examples)} (at least {MIN_EXAMPLES} needed)")
    labels = Counter(example.label for example in examples)
    if set(labels) - {0, 1}:
        raise ValueError(f"labels must be 0 or 1, found {sorted(set(labels) - {0, 1})}")
    if min(labels[0], labels[1]) < MIN_PER_CLASS:
        raise ValueError(
            f"need at least {MIN_PER_CLASS} check-worthy and {MIN_PER_CLASS} other examples "
            f"(have {labels[1]} and {labels[0]})"
        )
    groups = {example.group for example in examples}
    if len(groups) < MIN_GROUPS:
        raise ValueError(
            f"need examples from at least {MIN_GROUPS} documents or debates for grouped "
            f"cross-validation (have {len(groups)})"
        )
    if any(not math.isfinite(e.weight) or e.weight <= 0 for e in examples):
        raise ValueError("example weights must be positive numbers")


def prepare(
    examples: Sequence[Example],
    *,
    pipeline: str,
    on_progress: Callable[[int], None] | None = None,
    on_doc: Callable[[Doc], None] | None = None,
) -> Prepared:
    """Parse every sentence once and keep the rule scorer's features and score
    (``on_doc`` sees each parsed sentence, for experiments that want more from it)."""
    texts, features, rule_scores = [], [], []
    parsed = parse_sentences((e.text for e in examples), pipeline=pipeline)
    for done, (_, _, doc) in enumerate(parsed, start=1):
        if on_doc is not None:
            on_doc(doc)
        texts.append(doc.text)  # without a transcript label, as the scorer will see it
        scored = score_span(doc[:])
        features.append(scored.features)
        rule_scores.append(scored.score)
        if on_progress is not None and done % 500 == 0:
            on_progress(done)
    return Prepared(
        texts=texts,
        labels=np.array([e.label for e in examples], dtype=np.int8),
        groups=[e.group for e in examples],
        weights=np.array([e.weight for e in examples]),
        features=features,
        rule_scores=np.array(rule_scores),
    )


@dataclass
class Model:
    tfidf: TfIdf
    term_weights: np.ndarray
    feature_weights: np.ndarray  # per raw feature count, as the scorer applies them
    intercept: float

    def margins(self, data: Prepared, rows: np.ndarray, config: dict) -> np.ndarray:
        words, rules = _matrices(data, rows, self.tfidf, config)
        return words @ self.term_weights + rules @ self.feature_weights + self.intercept


def _matrices(
    data: Prepared, rows: np.ndarray, tfidf: TfIdf, config: dict
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """TF-IDF n-grams (sparse) and raw rule feature counts (dense) of the given rows."""
    documents = data.terms_for(config["analyzers"])
    indptr, indices, values = tfidf.rows(documents[row] for row in rows)
    shape = (len(rows), len(tfidf.vocabulary))
    words = sparse.csr_matrix((values, indices, indptr), shape=shape)
    rules = np.array([rule_vector(data.features[row]) for row in rows]).reshape(len(rows), -1)
    return words, rules


def fit_model(data: Prepared, rows: np.ndarray, config: dict) -> Model:
    """A logistic regression on the given rows (vocabulary and idf from those rows only)."""
    documents = data.terms_for(config["analyzers"])
    tfidf = TfIdf.fit(
        (documents[row] for row in rows), min_df=config["min_df"], max_terms=config["max_terms"]
    )
    words, rules = _matrices(data, rows, tfidf, config)
    # Rule counts are scaled to the size of TF-IDF values so one C regularises both alike.
    scale = config["feature_scale"] if config["rules"] else 0.0
    matrix = sparse.hstack([words, sparse.csr_matrix(rules * scale)], format="csr")
    model = LogisticRegression(C=config["C"], solver="liblinear", max_iter=1000)
    model.fit(matrix, data.labels[rows], sample_weight=data.weights[rows])
    coef = model.coef_[0]
    vocabulary_size = len(tfidf.vocabulary)
    return Model(
        tfidf=tfidf,
        term_weights=coef[:vocabulary_size],
        feature_weights=coef[vocabulary_size:] * scale,
        intercept=float(model.intercept_[0]),
    )


def cross_validate(
    data: Prepared,
    folds: np.ndarray,
    config: dict,
    on_fold: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Out-of-fold margins: each row scored by a model fitted without its fold."""
    out = np.empty(len(data.texts))
    for fold in range(int(folds.max()) + 1):
        held = np.flatnonzero(folds == fold)
        model = fit_model(data, np.flatnonzero(folds != fold), config)
        out[held] = model.margins(data, held, config)
        if on_fold is not None:
            on_fold(fold)
    return out


def summary(name: str, labels: np.ndarray, scores: np.ndarray) -> dict:
    """F1 at the F1-optimal threshold and average precision of one set of scores."""
    threshold = best_f1_threshold(labels, scores)
    precision, recall, f1 = precision_recall_f1(labels, scores, threshold)
    return {
        "model": name,
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "ap": round(average_precision(labels, scores), 4),
    }


def fit(
    examples: Sequence[Example],
    *,
    pipeline: str,
    on_progress: Callable[[int, int], None] | None = None,
    config: dict | None = None,
) -> TrainingResult:
    """See ``learned.train``."""
    config = {**CONFIG, **(config or {})}
    check_examples(examples)
    started = time.perf_counter()
    n = len(examples)
    k = min(config["folds"], len({e.group for e in examples}))
    total = n + (k + 1) * max(n // (k + 1), 1)

    def report(done: int) -> None:
        if on_progress is not None:
            on_progress(min(done, total), total)

    data = prepare(examples, pipeline=pipeline, on_progress=report)
    report(n)
    folds = grouped_folds(data.groups, k)
    margins = cross_validate(
        data, folds, config, lambda f: report(n + (f + 1) * (total - n) // (k + 1))
    )
    slope, offset = platt(margins, data.labels)
    probabilities = 1.0 / (1.0 + np.exp(-(slope * margins + offset)))
    # The rule features alone with learned weights (no n-gram passes min_df): cheap, and it
    # shows what learning the weights gives over setting them by hand.
    features_only = cross_validate(data, folds, {**config, "rules": True, "min_df": n + 1})
    model = fit_model(data, np.arange(n), config)
    report(total)
    metrics = _metrics(data, folds, probabilities, config)
    metrics["comparison"].insert(
        1,
        summary("logistic regression: rule features (weights learned)", data.labels, features_only),
    )
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    params = build_params(
        pipeline=pipeline,
        analyzers=config["analyzers"],
        tfidf=model.tfidf,
        term_weights=model.term_weights,
        feature_names=list(RULE_FEATURES),
        feature_weights=model.feature_weights,
        intercept=model.intercept,
        slope=slope,
        offset=offset,
        threshold=metrics["threshold"],
        decision_threshold=metrics["decision_threshold"],
        recall_target=config["recall_target"],
    )
    LearnedScorer.from_params(params)  # what is stored must load
    counts = {"examples": n, "positives": int(data.labels.sum()), "groups": len(set(data.groups))}
    return TrainingResult(params=params, metrics=metrics, counts=counts)


def _metrics(data: Prepared, folds: np.ndarray, probabilities: np.ndarray, config: dict) -> dict:
    labels = data.labels
    decision = best_f1_threshold(labels, probabilities)
    # Extraction keeps at least what the F1-optimal threshold keeps: a missed claim costs more
    # than a dismissed one.
    threshold = min(recall_threshold(labels, probabilities, config["recall_target"]), decision)
    precision, recall, f1 = precision_recall_f1(labels, probabilities, decision)
    _, recall_at, _ = precision_recall_f1(labels, probabilities, threshold)
    name = "logistic regression: " + " + ".join(
        [f"{kind} {low}-{high}-grams" for kind, (low, high) in config["analyzers"].items()]
        + (["rule features"] if config["rules"] else [])
    )
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "ap": round(average_precision(labels, probabilities), 4),
        "threshold": round(threshold, 4),
        "decision_threshold": round(decision, 4),
        "recall_target": config["recall_target"],
        "recall_at_threshold": round(recall_at, 4),
        "folds": int(folds.max()) + 1,
        "calibration": calibration_table(labels, probabilities),
        "comparison": [
            summary("rules (hand-set weights)", labels, data.rule_scores),
            summary(name, labels, probabilities),
        ],
        "model": name,
    }
