"""Documents: validate and normalize, ingest (pasted text, a file's text, or a URL fetched
here), and re-extract. Ingesting queues the extraction job (`claims.services.jobs`)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims import fetch, workflow
from claims.extraction.normalize import normalize_text
from claims.models import ClaimEvent, Document, DocumentKind, EventAction, ExtractionJob
from claims.services.jobs import job_create
from claims.timezones import BadDate, iso_local, localize, parse_published, zone_error
from claims.validators import url_error


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_clean(*, text: str, title: str, url: str | None, kind: str) -> str:
    """Validate and return the normalized text, or raise ValidationError naming the field."""
    errors: dict[str, str] = {}
    limit = settings.DOCUMENT_MAX_BYTES
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        errors["text"] = f"The text is larger than the limit of {limit // 1024:,} KB."
    normalized = normalize_text(text) if "text" not in errors else ""
    if "text" not in errors and not normalized:
        errors["text"] = "The text is empty: paste the article or transcript to check."
    if url and (problem := url_error(url)):
        errors["url"] = problem
    if kind not in DocumentKind.values:
        errors["kind"] = f"Kind must be one of: {', '.join(DocumentKind.values)}."
    if errors:
        raise ValidationError(errors)
    return normalized


def document_ingest(
    *,
    text: str,
    title: str = "",
    url: str | None = None,
    publisher: str = "",
    author: str = "",
    published_at: datetime | str | None = None,
    published_tz: str = "",
    kind: str = DocumentKind.ARTICLE,
    language: str = "en",
    created_by: Any = None,
    extract: bool = True,
    enqueue: bool = True,
) -> tuple[Document, bool]:
    """Store a document (normalized once) and queue its extraction.

    The same text twice returns the existing document and False, not a copy.
    """
    url = (url or "").strip() or None
    normalized = document_clean(text=text, title=title, url=url, kind=kind)
    published_at, published_tz = _publication(published_at, (published_tz or "").strip())
    fields = {
        "text": normalized,
        "content_hash": content_hash(normalized),
        "title": title.strip()[:300] or _title_from_text(normalized),
        "url": url,
        "publisher": publisher.strip()[:200],
        "author": author.strip()[:200],
        "published_at": published_at,
        "published_tz": published_tz,
        "kind": kind,
        "language": language or "en",
        "created_by": created_by if getattr(created_by, "pk", None) else None,
    }
    url_taken = ValidationError(
        {"url": "Another document with different text already has this URL."}
    )
    with transaction.atomic():
        existing = Document.objects.filter(content_hash=fields["content_hash"]).first()
        if existing is not None:
            return existing, False
        if url and Document.objects.filter(url=url).exists():
            raise url_taken
        try:
            with transaction.atomic():  # a savepoint: a concurrent ingest may win the race
                document = Document.objects.create(**fields)
        except IntegrityError:
            existing = Document.objects.filter(content_hash=fields["content_hash"]).first()
            if existing is None:
                raise url_taken from None
            return existing, False
        if extract:
            job_create(document=document, enqueue=enqueue)
    return document, True


def _publication(published_at: datetime | str | None, zone: str) -> tuple[datetime | None, str]:
    """The publication date-time (ISO 8601 text or a datetime; without an offset it is read
    in `zone`) and the zone to store (the offset given, when no zone is named)."""
    if problem := zone_error(zone):
        raise ValidationError({"published_tz": problem})
    try:
        if isinstance(published_at, str):
            published_at, zone = parse_published(published_at, zone)
        if published_at is None:
            return None, ""
        return localize(published_at, zone)
    except BadDate as error:
        raise ValidationError({"published_at": str(error)}) from None


def document_ingest_url(*, url: str, title: str = "", **fields: Any) -> tuple[Document, bool]:
    """Fetch the page at `url` (public http(s) only, within the size limit and timeout) and
    ingest its text, titled by the page unless `title` is given."""
    text, page_title = fetch.fetch_document((url or "").strip())
    return document_ingest(text=text, title=title or page_title, url=url, **fields)


def _title_from_text(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return first_line if len(first_line) <= 120 else first_line[:117].rstrip() + "…"


def document_reextract(
    *, document: Document, actor: Any = None, enqueue: bool = True
) -> ExtractionJob:
    """Queue a new extraction of `document` (claims already tracked keep their state)."""
    if actor is not None:  # None: the system (a command, the sweep)
        workflow.enforce(workflow.reextract_refusal(actor))
    with transaction.atomic():
        return job_create(document=document, enqueue=enqueue)


DOCUMENT_EDIT_FIELDS = (
    "title",
    "url",
    "publisher",
    "author",
    "published_at",
    "published_tz",
    "kind",
)
_LIMITS = {"title": 300, "publisher": 200, "author": 200}


def document_changes_clean(*, document: Document, changes: dict[str, Any]) -> dict[str, Any]:
    """The new values, validated (ValidationError naming every bad field, nothing saved)."""
    errors: dict[str, str] = {}
    if unknown := sorted(set(changes) - set(DOCUMENT_EDIT_FIELDS)):
        raise ValidationError({field: "This field cannot be edited." for field in unknown})
    values = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    for field, limit in _LIMITS.items():
        if len(values.get(field) or "") > limit:
            errors[field] = f"This is longer than {limit} characters."
    if "url" in values:
        values["url"] = values["url"] or None
        if values["url"] and (problem := url_error(values["url"])):
            errors["url"] = problem
    if "kind" in values and values["kind"] not in DocumentKind.values:
        errors["kind"] = f"Kind must be one of: {', '.join(DocumentKind.values)}."
    zone = values.get("published_tz", document.published_tz) or ""
    if problem := zone_error(zone):
        errors["published_tz"] = problem
    elif "published_at" in values:
        given = values["published_at"]
        try:
            if isinstance(given, datetime):
                values["published_at"], zone = localize(given, values.get("published_tz", ""))
            else:
                values["published_at"], zone = parse_published(given or "", zone)
            values["published_tz"] = zone if values["published_at"] else ""
        except BadDate as error:
            errors["published_at"] = str(error)
    if errors:
        raise ValidationError(errors)
    return values


def _shown(value: Any, zone: str) -> Any:
    """A value as the history shows it: a date-time in the document's zone, with its offset."""
    return iso_local(value, zone) if isinstance(value, datetime) else value


def document_update(*, document: Document, actor: Any, changes: dict[str, Any]) -> Document:
    """Correct a document's details after ingest (its text never changes). The claims'
    history gets one "Details updated" row each, naming the fields with old -> new values."""
    workflow.enforce(workflow.document_edit_refusal(actor))
    values = document_changes_clean(document=document, changes=changes)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        zone = values.get("published_tz", document.published_tz)
        changed = {
            field: [_shown(getattr(document, field), document.published_tz), _shown(value, zone)]
            for field, value in values.items()
            if getattr(document, field) != value
        }
        if (
            "url" in changed
            and Document.objects.filter(url=values["url"]).exclude(pk=document.pk).exists()
        ):
            raise ValidationError({"url": "Another document already has this URL."})
        if not changed:
            return document
        for field in changed:
            setattr(document, field, values[field])
        document.save(update_fields=list(changed))
        data = {f"document_{field}": change for field, change in changed.items()}
        ClaimEvent.objects.bulk_create(
            ClaimEvent(claim_id=pk, actor=actor, action=EventAction.UPDATED, data=data)
            for pk in document.claims.values_list("pk", flat=True)
        )
    return document
