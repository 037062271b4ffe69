"""Score labelled sentence files and measure the scorer against them.

The TSV files (CLEF CheckThat! / ClaimBuster format) have one sentence a row: ``id``,
``text`` and, for evaluation, ``label`` (1 = check-worthy) and optionally ``source`` (the
transcript a sentence comes from). Check-worthiness is measured as precision, recall and
F1 of the positive class at a threshold, and as mean average precision when sentences are
ranked by score within each source document.

Run it through the management commands (data from the CLEF CheckThat! lab and the
ClaimBuster dataset, read in place, never copied into the repository)::

    python manage.py evaluate_scorer ../shared/claimdata/ct24_t1_en_dev.tsv      # F1
    python manage.py evaluate_scorer ../shared/claimdata/ct20_t5_en_train.tsv    # MAP
    python manage.py score_sentences sentences.tsv --output scores.tsv
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .pipeline import DEFAULT_PIPELINE, DEFAULT_THRESHOLD, Candidate, score_sentences

if TYPE_CHECKING:
    from .learned import LearnedScorer

__all__ = [
    "OUTPUT_COLUMNS",
    "Evaluation",
    "MissingColumnError",
    "average_precision",
    "evaluate_rows",
    "evaluate_tsv",
    "mean_average_precision",
    "precision_recall_f1",
    "read_tsv",
    "score_rows",
    "write_scores",
]

OUTPUT_COLUMNS = ("id", "score", "checkworthy", "claim_type", "speaker", "reasons")
_POSITIVE = frozenset({"1", "yes", "true", "y"})


class MissingColumnError(ValueError):
    """The TSV lacks a column the operation needs."""


@dataclass(frozen=True)
class Evaluation:
    rows: int
    positives: int
    threshold: float
    precision: float
    recall: float
    f1: float
    map: float | None  # None without a source column
    documents: int  # documents that count towards MAP
    ap: float = 0.0  # average precision of the whole file ranked by score

    def lines(self) -> list[str]:
        """The figures, one ``name: value`` a line."""
        out = [
            f"rows: {self.rows}",
            f"positives: {self.positives}",
            f"threshold: {self.threshold:g}",
            f"precision: {self.precision:.4f}",
            f"recall: {self.recall:.4f}",
            f"f1: {self.f1:.4f}",
            f"ap: {self.ap:.4f}",
        ]
        if self.map is not None:
            out += [f"documents: {self.documents}", f"map: {self.map:.4f}"]
        return out


def read_tsv(path: str | Path, *, required: Sequence[str] = ("id", "text")) -> list[dict]:
    """Rows of a tab-separated file with a header line and no quoting."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        columns = reader.fieldnames or []
        missing = [c for c in required if c not in columns]
        if missing:
            raise MissingColumnError(
                f"{path}: missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(c) for c in missing)} (found: {', '.join(columns) or 'none'})"
            )
        return list(reader)


def is_positive(label: str) -> bool:
    return label.strip().lower() in _POSITIVE


def precision_recall_f1(
    labels: Sequence[bool], scores: Sequence[float], threshold: float
) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class, predicting positive at score >= threshold."""
    tp = fp = fn = 0
    for label, score in zip(labels, scores, strict=True):
        predicted = score >= threshold
        if predicted and label:
            tp += 1
        elif predicted:
            fp += 1
        elif label:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def average_precision(labels: Sequence[bool], scores: Sequence[float]) -> float | None:
    """Average precision of one ranking by descending score (ties keep input order).

    None when there is no positive to find.
    """
    positives = sum(1 for label in labels if label)
    if not positives:
        return None
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    found = 0
    total = 0.0
    for rank, index in enumerate(order, start=1):
        if labels[index]:
            found += 1
            total += found / rank
    return total / positives


def mean_average_precision(
    groups: Iterable[str], labels: Sequence[bool], scores: Sequence[float]
) -> tuple[float, int]:
    """(MAP over the groups with at least one positive, number of such groups)."""
    by_group: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        by_group[group].append(index)
    precisions = []
    for indices in by_group.values():
        ap = average_precision([labels[i] for i in indices], [scores[i] for i in indices])
        if ap is not None:
            precisions.append(ap)
    if not precisions:
        return 0.0, 0
    return sum(precisions) / len(precisions), len(precisions)


def score_rows(
    rows: Sequence[dict],
    *,
    pipeline: str = DEFAULT_PIPELINE,
    n_process: int = 1,
    scorer: LearnedScorer | None = None,
) -> list[Candidate]:
    return score_sentences(
        (row["text"] for row in rows), pipeline=pipeline, n_process=n_process, scorer=scorer
    )


def evaluate_rows(
    rows: Sequence[dict], candidates: Sequence[Candidate], *, threshold: float
) -> Evaluation:
    labels = [is_positive(row["label"]) for row in rows]
    scores = [c.score for c in candidates]
    precision, recall, f1 = precision_recall_f1(labels, scores, threshold)
    map_score: float | None = None
    documents = 0
    if rows and "source" in rows[0]:
        map_score, documents = mean_average_precision(
            (row["source"] or "" for row in rows), labels, scores
        )
    return Evaluation(
        rows=len(rows),
        positives=sum(labels),
        threshold=threshold,
        precision=precision,
        recall=recall,
        f1=f1,
        map=map_score,
        documents=documents,
        ap=average_precision(labels, scores) or 0.0,
    )


def evaluate_tsv(
    path: str | Path,
    *,
    threshold: float | None = None,
    pipeline: str = DEFAULT_PIPELINE,
    scorer: LearnedScorer | None = None,
    n_process: int = 1,
) -> Evaluation:
    """Score a labelled TSV (columns id, text, label[, source]) and measure the scorer.
    `threshold` None: the learned scorer's decision threshold, or the rule scorer's default."""
    if threshold is None:
        threshold = scorer.decision_threshold if scorer is not None else DEFAULT_THRESHOLD
    rows = read_tsv(path, required=("id", "text", "label"))
    candidates = score_rows(rows, pipeline=pipeline, n_process=n_process, scorer=scorer)
    return evaluate_rows(rows, candidates, threshold=threshold)


def write_scores(
    rows: Sequence[dict], candidates: Sequence[Candidate], out: TextIO, *, threshold: float
) -> None:
    """TSV of id, score, checkworthy (0/1), claim_type, speaker, reasons ("; "-joined)."""
    writer = csv.writer(
        out, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n"
    )
    writer.writerow(OUTPUT_COLUMNS)
    for row, candidate in zip(rows, candidates, strict=True):
        writer.writerow(
            (
                row["id"],
                f"{candidate.score:.4f}",
                int(candidate.score >= threshold),
                candidate.claim_type,
                _clean(candidate.speaker_resolved or candidate.speaker),
                _clean("; ".join(candidate.reasons)),
            )
        )


def _clean(value: str) -> str:
    """No tabs or newlines inside a field of an unquoted TSV."""
    return " ".join(value.split())
