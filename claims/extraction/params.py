"""The learned scorer's parameters as plain JSON, and their validation on load.

A stored model is data that may be old, truncated or edited by hand: every field is checked
(type, length, finite numbers, ranges) and a problem raises ValueError naming the field, so a
bad model is refused instead of scoring nonsense.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .features import TfIdf

__all__ = ["PARAMS_FORMAT", "build_params", "parse_params"]

PARAMS_FORMAT = "factcheck.checkworthiness.logreg/1"
_ANALYZERS = {"word": (1, 3), "char": (1, 8)}  # kind -> allowed n-gram sizes (low, high)


def build_params(
    *,
    pipeline: str,
    analyzers: dict[str, list[int]],
    tfidf: TfIdf,
    term_weights: Sequence[float],
    feature_names: Sequence[str],
    feature_weights: Sequence[float],
    intercept: float,
    slope: float,
    offset: float,
    threshold: float,
    decision_threshold: float,
    recall_target: float,
) -> dict:
    """The JSON-safe dict that ``parse_params`` reads back (floats rounded to 6 places)."""
    return {
        "format": PARAMS_FORMAT,
        "pipeline": pipeline,
        "analyzers": {kind: list(sizes) for kind, sizes in analyzers.items()},
        "vocabulary": list(tfidf.vocabulary),
        "idf": _rounded(tfidf.idf),
        "term_weights": _rounded(term_weights),
        "feature_names": list(feature_names),
        "feature_weights": _rounded(feature_weights),
        "intercept": round(float(intercept), 6),
        "calibration": {"method": "platt", "slope": float(slope), "offset": float(offset)},
        "threshold": round(float(threshold), 4),
        "decision_threshold": round(float(decision_threshold), 4),
        "recall_target": recall_target,
    }


def _rounded(values) -> list[float]:
    return [round(float(v), 6) for v in values]


def parse_params(params: object) -> dict:
    """Keyword arguments for ``LearnedScorer`` from stored params; ValueError if invalid."""
    if not isinstance(params, dict):
        raise ValueError("params: expected a JSON object")
    if params.get("format") != PARAMS_FORMAT:
        raise ValueError(f"format: expected {PARAMS_FORMAT!r}, got {params.get('format')!r}")
    analyzers = _analyzers(_field(params, "analyzers", dict))
    vocabulary = _strings(params, "vocabulary")
    idf = _numbers(params, "idf", len(vocabulary))
    term_weights = _numbers(params, "term_weights", len(vocabulary))
    feature_names = _strings(params, "feature_names")
    feature_weights = _numbers(params, "feature_weights", len(feature_names))
    calibration = _field(params, "calibration", dict)
    if calibration.get("method") != "platt":
        raise ValueError("calibration.method: expected 'platt'")
    slope = _number(calibration, "slope", "calibration.slope")
    if slope <= 0:
        raise ValueError("calibration.slope: must be positive (the calibration must be monotone)")
    try:
        tfidf = TfIdf(vocabulary, idf)
    except ValueError as error:
        raise ValueError(f"vocabulary: {error}") from error
    return {
        "tfidf": tfidf,
        "analyzers": analyzers,
        "term_weights": np.asarray(term_weights),
        "feature_names": feature_names,
        "feature_weights": np.asarray(feature_weights),
        "intercept": _number(params, "intercept"),
        "slope": slope,
        "offset": _number(calibration, "offset", "calibration.offset"),
        "threshold": _probability(params, "threshold"),
        "decision_threshold": _probability(params, "decision_threshold"),
    }


def _field(params: dict, name: str, kind: type):
    if name not in params:
        raise ValueError(f"{name}: missing")
    value = params[name]
    if not isinstance(value, kind):
        raise ValueError(f"{name}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _number(params: dict, name: str, label: str = "") -> float:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{label or name}: expected a finite number, got {value!r}")
    return float(value)


def _probability(params: dict, name: str) -> float:
    value = _number(params, name)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name}: expected a value between 0 and 1, got {value}")
    return value


def _strings(params: dict, name: str) -> list[str]:
    values = _field(params, name, list)
    if not all(isinstance(v, str) for v in values):
        raise ValueError(f"{name}: expected a list of strings")
    return values


def _numbers(params: dict, name: str, length: int) -> list[float]:
    values = _field(params, name, list)
    if len(values) != length:
        raise ValueError(f"{name}: expected {length} numbers, got {len(values)}")
    if not all(
        not isinstance(v, bool) and isinstance(v, int | float) and math.isfinite(v) for v in values
    ):
        raise ValueError(f"{name}: expected finite numbers")
    return values


def _analyzers(value: dict) -> dict[str, list[int]]:
    if not value:
        raise ValueError("analyzers: at least one is needed")
    out = {}
    for kind, sizes in value.items():
        if kind not in _ANALYZERS:
            raise ValueError(f"analyzers: unknown kind {kind!r}")
        low, high = _ANALYZERS[kind]
        if (
            not isinstance(sizes, list)
            or len(sizes) != 2
            or not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes)
            or not low <= sizes[0] <= sizes[1] <= high
        ):
            raise ValueError(
                f"analyzers.{kind}: expected [low, high] n-gram sizes in {low}..{high}"
            )
        out[kind] = list(sizes)
    return out
