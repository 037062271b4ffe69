"""Labelled sentences for the learned scorer: imported files and the newsroom's decisions.

Imports: a CheckThat!/ClaimBuster TSV (columns id, text, label, optional source and
speaker). The whole file is read and checked before anything is written; one malformed
row rejects the file, naming its line, so a file is imported entirely or not at all.
Importing the same file again changes nothing (rows are keyed by their id).

Decisions: a claim selected for checking (or any later status) is a positive, a dismissed
claim a negative, a claim back in triage has no label. The claim's history (ClaimEvents)
is the source of truth: the latest transition wins, so a change of mind replaces the
earlier label. Services record the label with each transition; the trainer rebuilds all
of them from the history.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimEvent, EventAction, LabelledSentence, LabelOrigin
from claims.workflow import Status

POSITIVE_STATUSES = frozenset(
    {Status.SELECTED, Status.RESEARCHING, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED}
)
NEGATIVE_STATUSES = frozenset({Status.DISMISSED})
DECISION_SOURCE = "newsroom"
_LABELS = {"1": 1, "yes": 1, "true": 1, "0": 0, "no": 0, "false": 0}
_REQUIRED = ("id", "text", "label")
BATCH = 1000
_IMPORT_FIELDS = ("text", "label", "source", "speaker", "weight", "updated_at")


def label_for_status(status: str) -> int | None:
    """1 for selected and later, 0 for dismissed, None for a claim not (or no longer) decided."""
    if status in POSITIVE_STATUSES:
        return 1
    if status in NEGATIVE_STATUSES:
        return 0
    return None


def labels_from_events(events: Iterable[tuple[int, str]]) -> dict[int, int | None]:
    """Claim id -> label from (claim id, to_status) transitions in time order: the latest wins."""
    latest: dict[int, str] = {}
    for claim_id, to_status in events:
        latest[claim_id] = to_status
    return {claim_id: label_for_status(status) for claim_id, status in latest.items()}


def label_record_decision(*, claim: Claim) -> None:
    """Bring the claim's decision label in line with its status (call inside the transition's
    transaction). An unchanged label is left alone, so 'decisions since' counts real ones."""
    label = label_for_status(claim.status)
    existing = LabelledSentence.objects.filter(claim=claim).first()
    if label is None:
        if existing is not None:
            existing.delete()
        return
    _label_write(claim, label, existing)


def _label_write(claim: Claim, label: int, row: LabelledSentence | None) -> str:
    """Create or update the claim's decision label; says which ("" when unchanged)."""
    if row is None:
        LabelledSentence.objects.create(
            claim=claim,
            origin=LabelOrigin.DECISION,
            text=claim.text,
            label=label,
            source=DECISION_SOURCE,
            speaker=claim.speaker_resolved or claim.speaker,
        )
        return "created"
    if row.label != label or row.text != claim.text:
        row.label, row.text, row.updated_at = label, claim.text, timezone.now()
        row.save(update_fields=["label", "text", "updated_at"])
        return "updated"
    return ""


def labels_rebuild_from_history() -> dict[str, int]:
    """Rewrite every decision label from the ClaimEvents (the source of truth)."""
    events = (
        ClaimEvent.objects.filter(action=EventAction.TRANSITION)
        .order_by("created_at", "id")
        .values_list("claim_id", "to_status")
    )
    wanted = labels_from_events(events.iterator(chunk_size=5000))
    stats = {"created": 0, "updated": 0, "removed": 0}
    with transaction.atomic():
        current = {
            row.claim_id: row
            for row in LabelledSentence.objects.filter(
                origin=LabelOrigin.DECISION
            ).select_for_update()
        }
        stale = [pk for pk, row in current.items() if wanted.get(pk) is None]
        stats["removed"] = LabelledSentence.objects.filter(
            origin=LabelOrigin.DECISION, claim_id__in=stale
        ).delete()[0]
        decided = [pk for pk, label in wanted.items() if label is not None]
        for claim in Claim.objects.filter(pk__in=decided).only(
            "text", "speaker", "speaker_resolved"
        ):
            done = _label_write(claim, wanted[claim.pk], current.get(claim.pk))
            if done:
                stats[done] += 1
    return stats


# --- Imports ---


class LabelFileError(ValueError):
    """A file that cannot be imported; `line` is the 1-based line at fault (0: the file)."""

    def __init__(self, message: str, *, line: int = 0) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


@dataclass(frozen=True)
class LabelRow:
    line: int
    external_id: str
    text: str
    label: int
    source: str
    speaker: str


def read_label_file(path: str | Path) -> list[LabelRow]:
    """Every row of the file, checked; LabelFileError at the first malformed one."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return _parse(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except UnicodeDecodeError as error:
        raise LabelFileError(f"{path} is not UTF-8 text ({error.reason}).") from error


def _parse(reader: csv.DictReader) -> list[LabelRow]:
    columns = reader.fieldnames or []
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        raise LabelFileError(
            f"missing column(s) {', '.join(missing)} in the header (found: "
            f"{', '.join(columns) or 'none'})",
            line=1,
        )
    rows, seen = [], {}
    for raw in reader:
        row = _row(raw, reader.line_num)
        if row.external_id in seen:
            raise LabelFileError(
                f"id {row.external_id!r} already appears on line {seen[row.external_id]}",
                line=row.line,
            )
        seen[row.external_id] = row.line
        rows.append(row)
    return rows


def _row(raw: dict, line: int) -> LabelRow:
    if None in raw:
        raise LabelFileError("more fields than the header names (a stray tab?)", line=line)
    if any(raw[c] is None for c in _REQUIRED):
        raise LabelFileError("fewer fields than the header names", line=line)
    external_id, text = raw["id"].strip(), " ".join(raw["text"].split())
    label = _LABELS.get(raw["label"].strip().lower())
    problem = (
        "the id is empty"
        if not external_id
        else "the id is longer than 200 characters"
        if len(external_id) > 200
        else "the text is empty"
        if not text
        else f"label {raw['label']!r} is not 1/0 (or yes/no)"
        if label is None
        else None
    )
    if problem:
        raise LabelFileError(problem, line=line)
    return LabelRow(
        line=line,
        external_id=external_id,
        text=text,
        label=label,
        source=(raw.get("source") or "").strip()[:200],
        speaker=(raw.get("speaker") or "").strip()[:200],
    )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def labels_import(
    *,
    rows: Sequence[LabelRow],
    weight: float = 1.0,
    on_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create or update the imported sentences by id, in one transaction."""
    created = updated = 0
    now = timezone.now()
    with transaction.atomic():
        for offset in range(0, len(rows), BATCH):
            batch = rows[offset : offset + BATCH]
            existing = {
                s.external_id: s
                for s in LabelledSentence.objects.filter(
                    origin=LabelOrigin.IMPORT, external_id__in=[r.external_id for r in batch]
                )
            }
            new, changed = [], []
            for row in batch:
                values = {
                    "text": row.text,
                    "label": row.label,
                    "source": row.source,
                    "speaker": row.speaker,
                    "weight": weight,
                }
                current = existing.get(row.external_id)
                if current is None:
                    new.append(
                        LabelledSentence(
                            origin=LabelOrigin.IMPORT,
                            external_id=row.external_id,
                            created_at=now,
                            updated_at=now,
                            **values,
                        )
                    )
                elif any(getattr(current, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(current, key, value)
                    current.updated_at = now
                    changed.append(current)
            LabelledSentence.objects.bulk_create(new)
            LabelledSentence.objects.bulk_update(changed, _IMPORT_FIELDS)
            created, updated = created + len(new), updated + len(changed)
            if on_progress is not None:
                on_progress(len(batch))
    return ImportResult(created=created, updated=updated, unchanged=len(rows) - created - updated)
