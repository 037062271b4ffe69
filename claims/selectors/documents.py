"""Reads about documents: the list (pages, admin and API share its claim count), their
extraction jobs and their claims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import Claim, Document, ExtractionJob, JobStatus

READING_ORDER = ("start", "end", "id")
NEWEST_FIRST = ("-created_at", "-id")


def claim_count() -> Coalesce:
    """A document's number of claims, to annotate a list of documents with: a correlated
    count runs for the page's rows only, not a GROUP BY over every claim."""
    claims = (
        Claim.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(claims), 0)


def documents_with_claim_count() -> QuerySet[Document]:
    """Documents with `claim_count`, newest first."""
    return Document.objects.annotate(claim_count=claim_count()).order_by(*NEWEST_FIRST)


def documents_list(*, q: str = "", kind: str = "", publisher: str = "") -> QuerySet[Document]:
    documents = documents_with_claim_count().select_related("created_by").defer("text")
    if q:
        documents = documents.filter(
            Q(title__icontains=q)
            | Q(publisher__icontains=q)
            | Q(author__icontains=q)
            | Q(url__icontains=q)
            | Q(text__icontains=q)
        )
    if kind:
        documents = documents.filter(kind=kind)
    if publisher:
        documents = documents.filter(publisher__iexact=publisher)
    return documents


def publishers() -> list[str]:
    return list(
        Document.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )


def latest_job(document: Document) -> ExtractionJob | None:
    return ExtractionJob.objects.filter(document=document).order_by(*NEWEST_FIRST).first()


def latest_job_row(document_id: int, columns: Sequence[str]) -> dict[str, Any] | None:
    return job_rows(columns).filter(document_id=document_id).first()


def job_rows(columns: Sequence[str]) -> QuerySet:
    """Extraction jobs as rows of `columns`, newest first."""
    return ExtractionJob.objects.order_by(*NEWEST_FIRST).values(*columns)


def document_claims(document: Document) -> list[Claim]:
    return list(document.claims.select_related("assignee", "rating").order_by(*READING_ORDER))


def document_claim_rows(document_id: int, columns: Sequence[str]) -> QuerySet:
    """The document's claims as rows of `columns`, in reading order."""
    return Claim.objects.filter(document_id=document_id).order_by(*READING_ORDER).values(*columns)


def stale_jobs(queued_before) -> QuerySet[ExtractionJob]:
    """Jobs still queued that were sent before `queued_before` (or never sent)."""
    return ExtractionJob.objects.filter(status=JobStatus.QUEUED).filter(
        Q(enqueued_at__lt=queued_before) | Q(enqueued_at__isnull=True)
    )


def pending_jobs() -> list[ExtractionJob]:
    """Jobs queued or failed, of documents never extracted successfully."""
    return list(
        ExtractionJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.FAILED])
        .exclude(document__jobs__status=JobStatus.SUCCEEDED)
        .select_related("document")
        .distinct()
    )
