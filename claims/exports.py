"""Exports: the claim list (with the list's filters) as CSV or JSON lines, and a claim's
history as CSV, produced row by row for a streaming response: the rows come from a
server-side cursor (`.iterator()`), so a million claims never sit in memory at once.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) are neutralised with a leading apostrophe (OWASP's advice for CSV
injection); JSON lines carry the values as they are."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.http import StreamingHttpResponse

from claims.models import Claim, ClaimEvent

# (column in the file, field of the claim row): one table for the query and both formats.
CLAIM_EXPORT_FIELDS = (
    ("id", "id"),
    ("text", "text"),
    ("status", "status"),
    ("claim_type", "claim_type"),
    ("score", "score"),
    ("speaker", "speaker"),
    ("speaker_resolved", "speaker_resolved"),
    ("speaker_id", "speaker_ref_id"),
    ("document_id", "document_id"),
    ("document_title", "document__title"),
    ("document_publisher", "document__publisher"),
    ("document_url", "document__url"),
    ("assignee", "assignee__username"),
    ("priority", "priority"),
    ("due_at", "due_at"),
    ("rating", "rating__name"),
    ("verdict_summary", "verdict_summary"),
    ("published_at", "published_at"),
    ("created_at", "created_at"),
)
HISTORY_EXPORT_FIELDS = (
    ("created_at", "created_at"),
    ("actor", "actor__username"),
    ("action", "action"),
    ("from_status", "from_status"),
    ("to_status", "to_status"),
    ("note", "note"),
    ("data", "data"),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell a spreadsheet will not run: text starting with a formula
    character gets a leading apostrophe. Numbers stay numbers (-3 is not a formula)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file-like object whose write returns what was written: csv.writer then hands each
    row back to the generator instead of buffering the file (Django's streaming CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[dict], fields: tuple[tuple[str, str], ...]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow([name for name, _ in fields])
    for row in rows:
        yield writer.writerow([csv_cell(row[field]) for _, field in fields])


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def jsonl_lines(rows: Iterable[dict], fields: tuple[tuple[str, str], ...]) -> Iterator[str]:
    for row in rows:
        record = {name: row[field] for name, field in fields}
        yield json.dumps(record, ensure_ascii=False, default=_json_default) + "\n"


def claim_export_rows(claims: QuerySet[Claim], ordering: str = "-score") -> Iterator[dict]:
    """The rows of `claims` (already filtered) for the export, in `ordering` (a field name,
    '-' for descending; ties by id), read through a server-side cursor."""
    name = ordering.lstrip("-")
    key = F(name).desc(nulls_last=True) if ordering.startswith("-") else F(name).asc()
    values = claims.order_by(key, "-id" if ordering.startswith("-") else "id").values(
        *(field for _, field in CLAIM_EXPORT_FIELDS)
    )
    return values.iterator(chunk_size=CHUNK_SIZE)


def claim_export(claims: QuerySet[Claim], file_format: str, ordering: str = "-score"):
    """The lines of the export of `claims` in `file_format` ("csv" or "jsonl")."""
    rows = claim_export_rows(claims, ordering)
    if file_format == "jsonl":
        return jsonl_lines(rows, CLAIM_EXPORT_FIELDS)
    return csv_lines(rows, CLAIM_EXPORT_FIELDS)


def streaming_response(lines: Iterator[str], file_format: str, filename: str):
    """The lines as a download, sent while they are produced."""
    response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def claim_history_csv(claim_id: int) -> Iterator[str]:
    """A claim's history (its ClaimEvents, oldest first) as CSV lines."""
    events = (
        ClaimEvent.objects.filter(claim_id=claim_id)
        .order_by("created_at", "id")
        .values(*(field for _, field in HISTORY_EXPORT_FIELDS))
    )
    return csv_lines(events.iterator(chunk_size=CHUNK_SIZE), HISTORY_EXPORT_FIELDS)
