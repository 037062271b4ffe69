"""The archive of other organisations' fact-checks: import (ClaimReview or the lab's TSV).

Idempotent: a record is the same fact-check as a stored one when it has the same URL, or
(without a URL) the same id in the same source; it is then updated, not copied. A bad record
is reported with where it is and skipped; the others are imported. Rows are written with
bulk inserts and their vectors computed in batches, one transaction per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import seen_rules, vectors, workflow
from claims.factcheck_formats import FormatError, Record, RecordError, parse
from claims.models import EXTERNAL_RECORD_FIELDS, ExternalFactCheck, VectorOwner
from claims.validators import url_error

BATCH_SIZE = 1000
MAX_CLAIM_TEXT = 5000
# Publishers recognised from the lab's file names (politifact_vclaims.tsv, snopes_...).
KNOWN_PUBLISHERS = {"politifact": "PolitiFact", "snopes": "Snopes"}
FIELDS = EXTERNAL_RECORD_FIELDS
LIMITS = {"publisher": 200, "title": 500, "speaker": 200, "rating_text": 200, "language": 10}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RecordError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [{"record": e.where, "message": e.message} for e in self.errors],
        }


def default_source(filename: str) -> str:
    return Path(filename).stem[:100] if filename else "upload"


def default_publisher(filename: str) -> str:
    first = Path(filename).stem.split("_")[0].lower() if filename else ""
    return KNOWN_PUBLISHERS.get(first, "")


def factchecks_import(
    *,
    data: bytes | str,
    filename: str = "",
    source: str = "",
    publisher: str = "",
    actor: Any = None,
    on_progress: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import the fact-checks in `data` (see claims.factcheck_formats for the formats).

    `source` scopes ids (default: the file name without extension); `publisher` is used for
    records that do not name one. Raises ValidationError({"file": ...}) when the file as a
    whole cannot be read; a bad record is reported in `result.errors` and skipped.
    """
    if actor is not None:
        workflow.enforce(seen_rules.import_factchecks_refusal(actor))
    source = (source or default_source(filename)).strip()[:100]
    publisher = (publisher or default_publisher(filename)).strip()[:200]
    result = ImportResult()
    try:
        records = parse(data)
        batch: list[Record] = []
        for record in records:
            if isinstance(record, RecordError):
                result.errors.append(record)
                continue
            batch.append(record)
            if len(batch) >= BATCH_SIZE:
                _import_batch(batch, source, publisher, result)
                batch = []
                if on_progress:
                    on_progress(result)
    except FormatError as error:
        raise ValidationError({"file": str(error)}) from None
    _import_batch(batch, source, publisher, result)
    if on_progress:
        on_progress(result)
    return result


def _values(record: Record, source_publisher: str) -> dict[str, Any]:
    """The model fields of a record, or ValueError naming what is wrong."""
    url = record.url.strip()
    if url and (problem := url_error(url)):
        raise ValueError(f"url: {problem}")
    if not url and not record.external_id:
        raise ValueError("it has neither a url nor an id, so it could not be found again.")
    if len(record.claim_text) > MAX_CLAIM_TEXT:
        raise ValueError(f"the claim text is longer than {MAX_CLAIM_TEXT:,} characters.")
    if len(record.external_id) > 200:
        raise ValueError("the id is longer than 200 characters.")
    values = {
        "url": url or None,
        "external_id": record.external_id,
        "publisher": record.publisher or source_publisher,
        "claim_text": " ".join(record.claim_text.split()),
        "title": record.title,
        "speaker": record.speaker,
        "claim_date": record.claim_date,
        "review_date": record.review_date,
        "rating_text": record.rating_text,
        "language": record.language or "en",
    }
    for name, limit in LIMITS.items():
        values[name] = values[name][:limit].strip()
    return values


def _import_batch(records: list[Record], source: str, publisher: str, result: ImportResult) -> None:
    prepared: dict[tuple, dict[str, Any]] = {}
    for record in records:
        try:
            values = _values(record, publisher)
        except ValueError as error:
            result.errors.append(RecordError(record.where, str(error)))
            continue
        key = ("url", values["url"]) if values["url"] else ("id", values["external_id"])
        prepared[key] = values  # the same fact-check twice in a file: the last one wins
    if not prepared:
        return
    with transaction.atomic():
        by_url, by_id = _existing(list(prepared.values()), source)
        created, changed, text_changed = [], [], []
        for values in prepared.values():
            current = by_url.get(values["url"]) or by_id.get(values["external_id"])
            if current is None:
                created.append(ExternalFactCheck(source=source, **values))
                continue
            differences = [f for f in FIELDS if getattr(current, f) != values[f]]
            if not differences:
                result.unchanged += 1
                continue
            for name in differences:
                setattr(current, name, values[name])
            changed.append(current)
            if "claim_text" in differences:
                text_changed.append(current)
        created = ExternalFactCheck.objects.bulk_create(created)
        if changed:
            ExternalFactCheck.objects.bulk_update(changed, FIELDS)
        result.created += len(created)
        result.updated += len(changed)
        vectors.vectors_store(
            owner_kind=VectorOwner.EXTERNAL,
            rows=[(e.pk, e.claim_text, e.title) for e in [*created, *text_changed]],
        )


def _existing(
    prepared: Iterable[dict], source: str
) -> tuple[dict[str, ExternalFactCheck], dict[str, ExternalFactCheck]]:
    """The stored fact-checks the records may be: by url, and by id within `source`."""
    urls = [values["url"] for values in prepared if values["url"]]
    ids = [values["external_id"] for values in prepared if values["external_id"]]
    by_url: dict[str, ExternalFactCheck] = {}
    by_id: dict[str, ExternalFactCheck] = {}
    for chunk in _chunks(urls):
        by_url.update((e.url, e) for e in ExternalFactCheck.objects.filter(url__in=chunk))
    for chunk in _chunks(ids):
        rows = ExternalFactCheck.objects.filter(source=source, external_id__in=chunk)
        by_id.update((e.external_id, e) for e in rows)
    return by_url, by_id


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
