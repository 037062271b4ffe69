"""A check-worthiness scorer learned from labelled sentences.

A logistic regression over TF-IDF word n-grams and the rule scorer's named features (see
``score.WEIGHTS``; here their weights are learned), with a Platt calibration fitted on
grouped cross-validation folds so that a score of 0.7 means about 70% of such sentences were
judged check-worthy. Its parameters are plain JSON (lists, dicts, numbers, strings): no
pickle. Scoring needs numpy only; fitting (``train``) needs scikit-learn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from spacy.tokens import Span

from .evaluate import is_positive, read_tsv
from .features import TfIdf, terms
from .params import PARAMS_FORMAT, parse_params
from .pipeline import DEFAULT_PIPELINE
from .score import Scored, score_span

__all__ = [
    "PARAMS_FORMAT",
    "Example",
    "LearnedScorer",
    "TrainingResult",
    "example_group",
    "read_examples",
    "train",
]

# Sentence ids of the ClaimBuster debates run in transcript order, about a thousand per
# debate: without a per-debate source column, a block of ids stands in for the debate.
ID_BLOCK = 1000
_ID_NUMBER = re.compile(r"(\d+)$")


@dataclass(frozen=True)
class Example:
    text: str
    label: int  # 1 check-worthy, 0 not
    group: str  # document / debate: cross-validation folds never split a group
    weight: float = 1.0


@dataclass(frozen=True)
class TrainingResult:
    params: dict  # JSON-serialisable: everything LearnedScorer.from_params needs
    metrics: dict  # grouped cross-validation figures (see training.train)
    counts: dict  # "examples", "positives", "groups"


def train(
    examples: Sequence[Example],
    *,
    pipeline: str = DEFAULT_PIPELINE,
    on_progress: Callable[[int, int], None] | None = None,
) -> TrainingResult:
    """Fit the scorer on labelled sentences and measure it by grouped cross-validation.

    Raises ValueError with a readable message (too few examples or groups, one class only).
    """
    # scikit-learn is imported only here, so a worker that just scores never loads it.
    from .training import fit

    return fit(examples, pipeline=pipeline, on_progress=on_progress)


def read_examples(path: str | Path) -> list[Example]:
    """Labelled sentences of a CheckThat!/ClaimBuster TSV (columns id, text, label[, source]),
    one per row in file order, grouped by ``example_group``."""
    rows = read_tsv(path, required=("id", "text", "label"))
    one_source = len({row.get("source") or "" for row in rows}) == 1
    return [
        Example(
            row["text"],
            int(is_positive(row["label"])),
            example_group(row["id"], row.get("source") or Path(path).stem, one_source=one_source),
        )
        for row in rows
    ]


def example_group(row_id: str, source: str, *, one_source: bool) -> str:
    """The cross-validation group of a labelled row: its ``source`` (debate, transcript or
    document) when its file names several; in a file from one collection (ct24's ClaimBuster
    rows all name the same) a block of ``ID_BLOCK`` consecutive sentence ids, which follow the
    debates' transcript order, stands in for the debate: ``"<source>#<block>"``."""
    if not one_source:
        return source
    match = _ID_NUMBER.search(row_id)
    return f"{source}#{int(match.group(1)) // ID_BLOCK if match else 0}"


class LearnedScorer:
    """Scores sentences with a trained model: calibrated 0..1 scores and named reasons."""

    threshold: float  # extraction threshold (recall-oriented), on the calibrated scale
    decision_threshold: float  # F1-optimal threshold from cross-validation

    def __init__(
        self,
        *,
        tfidf: TfIdf,
        analyzers: dict[str, list[int]],
        term_weights: np.ndarray,
        feature_names: list[str],
        feature_weights: np.ndarray,
        intercept: float,
        slope: float,
        offset: float,
        threshold: float,
        decision_threshold: float,
    ):
        self.tfidf = tfidf
        self.analyzers = analyzers
        self.term_weights = term_weights
        self.feature_names = feature_names
        self.feature_weights = feature_weights
        self.weights = dict(zip(feature_names, feature_weights.tolist(), strict=True))
        self.intercept = intercept
        self.slope = slope
        self.offset = offset
        self.threshold = threshold
        self.decision_threshold = decision_threshold

    @classmethod
    def from_params(cls, params: dict) -> LearnedScorer:
        """The scorer described by ``TrainingResult.params``; ValueError if they are invalid."""
        return cls(**parse_params(params))

    def calibrate(self, margins):
        """Platt scaling: the probability that a sentence with this margin is check-worthy."""
        return 1.0 / (1.0 + np.exp(-(self.slope * margins + self.offset)))

    def score_spans(self, spans: Sequence[Span]) -> list[Scored]:
        """One Scored per sentence: the calibrated score, the rule scorer's entities,
        quantities and claim type, and reasons naming the features and the n-grams that
        moved the score most (with their signed contribution)."""
        out = []
        for span in spans:
            rule = score_span(span)
            margin, reasons = self.explain(span.text, rule)
            out.append(
                replace(rule, score=round(float(self.calibrate(margin)), 4), reasons=reasons)
            )
        return out

    def explain(self, text: str, rule: Scored, *, ngrams: int = 3) -> tuple[float, tuple[str, ...]]:
        """(uncalibrated margin, reasons): the fired features by the size of their learned
        effect, then the n-grams that raised the score most and those that lowered it most,
        e.g. ``percent: 5% (+1.21)``, ``words "tax" (+0.40)``, ``words "i think" (-0.52)``."""
        details = {r.split(":")[0]: r for r in rule.reasons}
        effects = [
            (self.weights.get(name, 0.0) * count, details.get(name, name))
            for name, count in rule.features.items()
        ]
        columns, values = self.tfidf.row(terms(text, self.analyzers))
        contributions = sorted(
            (float(self.term_weights[c]) * v, self.tfidf.vocabulary[c][2:])
            for c, v in zip(columns, values, strict=True)
        )
        margin = self.intercept + sum(e for e, _ in effects) + sum(e for e, _ in contributions)
        effects.sort(key=lambda item: -abs(item[0]))
        raised = [item for item in reversed(contributions) if item[0] > 0][:ngrams]
        lowered = [item for item in contributions if item[0] < 0][:ngrams]
        reasons = [f"{label} ({effect:+.2f})" for effect, label in effects]
        reasons += [f'words "{gram}" ({effect:+.2f})' for effect, gram in raised + lowered]
        return margin, tuple(reasons)
