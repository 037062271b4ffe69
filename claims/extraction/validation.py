"""Grouped cross-validation folds, Platt calibration, thresholds and ranking figures (numpy).

Figures about a learned scorer are only honest on sentences from debates or documents the
model never saw: folds are built from whole groups, never from single sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from . import evaluate

__all__ = [
    "average_precision",
    "best_f1_threshold",
    "calibration_table",
    "grouped_folds",
    "platt",
    "precision_recall_f1",
    "recall_threshold",
]


def grouped_folds(groups: Sequence[str], k: int) -> np.ndarray:
    """The fold (0..k-1) of every row: whole groups, largest first, each to the fold with the
    fewest rows so far (as scikit-learn's GroupKFold). Deterministic; ties by group name."""
    sizes = Counter(groups)
    if k < 2 or k > len(sizes):
        raise ValueError(f"cannot make {k} folds from {len(sizes)} groups")
    totals = [0] * k
    fold_of: dict[str, int] = {}
    for group, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold = min(range(k), key=lambda f: (totals[f], f))
        fold_of[group] = fold
        totals[fold] += size
    return np.array([fold_of[group] for group in groups], dtype=np.int64)


def platt(margins: np.ndarray, labels: np.ndarray, *, iterations: int = 100) -> tuple[float, float]:
    """(slope, offset) of p = 1 / (1 + exp(-(slope * margin + offset))), fitted by Newton's
    method on Platt's smoothed targets (which keep the fit off 0 and 1 on small data)."""
    positives = float(labels.sum())
    negatives = float(len(labels) - positives)
    targets = np.where(labels > 0, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    design = np.column_stack([margins, np.ones_like(margins)])
    params = np.array([1.0, 0.0])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(design @ params)))
        gradient = design.T @ (p - targets)
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        params -= step
        if np.abs(step).max() < 1e-10:
            break
    slope, offset = float(params[0]), float(params[1])
    if not slope > 0:
        raise ValueError("the model does not rank check-worthy sentences above the others")
    return slope, offset


def _sorted(labels: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(-scores, kind="stable")
    return np.asarray(labels)[order].astype(bool), np.asarray(scores)[order]


def _cuts(labels: np.ndarray, scores: np.ndarray):
    """(score, true positives, predicted) at each distinct score, highest first."""
    ranked, ordered = _sorted(labels, scores)
    tp = np.cumsum(ranked)
    last = np.r_[ordered[1:] != ordered[:-1], True]  # the last row of each run of equal scores
    return ordered[last], tp[last], np.flatnonzero(last) + 1


def best_f1_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    """The threshold (one of the scores) with the highest F1; the higher one on a tie."""
    values, tp, predicted = _cuts(labels, scores)
    positives = max(float(np.sum(labels)), 1.0)
    f1 = 2 * tp / (predicted + positives)
    return float(values[int(np.argmax(f1))])


def recall_threshold(labels: np.ndarray, scores: np.ndarray, target: float) -> float:
    """The highest threshold that still finds ``target`` of the positives."""
    values, tp, _ = _cuts(labels, scores)
    positives = max(float(np.sum(labels)), 1.0)
    reached = np.flatnonzero(tp / positives >= target)
    return float(values[int(reached[0])] if len(reached) else values[-1])


def precision_recall_f1(
    labels: np.ndarray, scores: np.ndarray, threshold: float
) -> tuple[float, float, float]:
    """Of the positive class, predicting positive at score >= threshold."""
    return evaluate.precision_recall_f1(
        np.asarray(labels).astype(bool).tolist(), np.asarray(scores).tolist(), threshold
    )


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Of the ranking by descending score (ties in input order); 0 without positives."""
    value = evaluate.average_precision(
        np.asarray(labels).astype(bool).tolist(), np.asarray(scores).tolist()
    )
    return value or 0.0


def calibration_table(labels: np.ndarray, probabilities: np.ndarray, bins: int = 10) -> list:
    """[[mean predicted, fraction positive, count], ...] for equal-width probability bins
    with at least one sentence: a calibrated scorer has the first two close."""
    labels = np.asarray(labels).astype(float)
    index = np.minimum((np.asarray(probabilities) * bins).astype(int), bins - 1)
    table = []
    for b in range(bins):
        members = index == b
        count = int(members.sum())
        if count:
            table.append(
                [
                    round(float(probabilities[members].mean()), 4),
                    round(float(labels[members].mean()), 4),
                    count,
                ]
            )
    return table
