"""Extraction jobs: create and enqueue, start (one delivery at a time, a bounded number of
attempts), progress, fail, and save the candidates the extractor found as claims."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims import queue, selectors
from claims.extraction.version import EXTRACTOR_VERSION
from claims.models import (
    Claim,
    ClaimEvent,
    Document,
    EventAction,
    ExtractionJob,
    JobStatus,
    Speaker,
)
from claims.services.webhooks import webhooks_job_failed
from claims.speaker_resolution import mention_of, speakers_resolve
from claims.workflow import Status

if TYPE_CHECKING:
    from claims.extraction.pipeline import Candidate


def job_create(*, document: Document, enqueue: bool = True) -> ExtractionJob:
    """A queued extraction job for `document`, sent to the workers once the transaction commits
    (or left for the caller to run when `enqueue` is False)."""
    job = ExtractionJob.objects.create(document=document, extractor_version=EXTRACTOR_VERSION)
    if enqueue:
        job_enqueue(job=job)
    return job


def job_enqueue(*, job: ExtractionJob) -> None:
    """Send the job once the transaction commits. If the broker is down then, the write still
    stands: the job stays queued, marked never sent, and the next sweep sends it."""
    ExtractionJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())

    def not_sent() -> None:
        ExtractionJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(enqueued_at=None)

    queue.enqueue_on_commit(queue.EXTRACT_DOCUMENT, job.pk, on_failure=not_sent)


def jobs_send_again() -> int:
    """The sweep: send again the jobs left behind, and say how many. A running job whose lease
    ran out (its worker was killed whole, or the database went away before the job could be
    failed) goes back to queued; a queued job never sent (the broker was down) or sent long
    ago is sent now. Safe to run twice: job_start lets one delivery at a time run a job."""
    now = timezone.now()
    lease_from = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    # A live delivery renews the lease and is killed at the time limit: none is this old.
    ExtractionJob.objects.filter(
        Q(heartbeat_at__lt=lease_from) | Q(heartbeat_at__isnull=True, started_at__lt=lease_from),
        status=JobStatus.RUNNING,
    ).update(status=JobStatus.QUEUED, enqueued_at=None)
    queued_before = now - timedelta(seconds=settings.EXTRACTION_STALE_AFTER)
    count = 0
    for job in selectors.stale_jobs(queued_before).only("pk"):
        job_enqueue(job=job)
        count += 1
    return count


MAX_ATTEMPTS = 3


def job_start(*, job_id: int, task_id: str = "") -> ExtractionJob | None:
    """Mark a job running and count the attempt. None when there is nothing to do: the job
    already finished, another delivery of it is running now, or it has used up its attempts
    (then it is failed with the reason)."""
    with transaction.atomic():
        job = ExtractionJob.objects.select_for_update().select_related("document").get(pk=job_id)
        if job.status == JobStatus.SUCCEEDED:
            return None
        if _running_elsewhere(job, task_id):
            return None
        if job.attempts >= MAX_ATTEMPTS:
            newly_failed = job.status != JobStatus.FAILED
            job.status = JobStatus.FAILED
            job.error = (
                f"Gave up after {job.attempts} attempts: the worker stopped each time (out of "
                "memory, past the time limit, or the database was gone?). Split the document "
                "or raise the limits, then re-extract it."
            )
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
            if newly_failed:
                webhooks_job_failed(job_id=job.pk, document_id=job.document_id, error=job.error)
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.error = ""
        job.task_id = task_id or job.task_id
        job.started_at = job.heartbeat_at = timezone.now()
        job.finished_at = None
        job.progress_done = 0
        job.save(
            update_fields=[
                "status",
                "attempts",
                "error",
                "task_id",
                "started_at",
                "heartbeat_at",
                "finished_at",
                "progress_done",
            ]
        )
    return job


def _running_elsewhere(job: ExtractionJob, task_id: str) -> bool:
    """A second message for a job that another delivery is running right now (e.g. sent
    again by the sweep). The same message delivered again after a crash has the same task
    id, and goes ahead."""
    last_sign = job.heartbeat_at or job.started_at
    if job.status != JobStatus.RUNNING or not last_sign or not task_id:
        return False
    fresh = timezone.now() - last_sign < timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return fresh and job.task_id not in ("", task_id)


def job_progress(*, job_id: int, done: int, total: int) -> None:
    """Record progress and renew the lease."""
    ExtractionJob.objects.filter(pk=job_id).update(
        progress_done=done, progress_total=total, heartbeat_at=timezone.now()
    )


def job_fail(*, job_id: int, error: str) -> None:
    """Fail the job with `error` (not one that succeeded); the first failure of a job sends
    the `job.failed` webhook event."""
    with transaction.atomic():
        job = (
            ExtractionJob.objects.select_for_update()
            .filter(pk=job_id)
            .exclude(status=JobStatus.SUCCEEDED)
            .only("status", "document_id")
            .first()
        )
        if job is None:
            return
        ExtractionJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=error[:2000], finished_at=timezone.now()
        )
        if job.status != JobStatus.FAILED:
            webhooks_job_failed(job_id=job_id, document_id=job.document_id, error=error[:500])


_EXTRACTED_FIELDS = (
    "text",
    "speaker",
    "speaker_resolved",
    "speaker_ref",
    "claim_type",
    "is_quote",
    "score",
    "reasons",
    "entities",
    "quantities",
    "extractor_version",
    "scorer_version",
)


_SPEAKER_FIELDS = ("speaker", "speaker_resolved", "speaker_ref")


def claims_save_candidates(
    *,
    job: ExtractionJob,
    candidates: Sequence[Candidate],
    threshold: float,
    sentences: int,
    extract_seconds: float,
    scorer_version: str = "rules",
) -> ExtractionJob:
    """Save the candidates at or above `threshold` as claims and finish the job, in one
    transaction. `scorer_version` names the scorer that scored them ("rules" or "v3").

    Idempotent by the unique document span: a claim already there keeps its workflow state;
    only a claim still new takes the newer extractor's (or scorer's) score and reasons.
    """
    started = timezone.now()
    kept = [c for c in candidates if c.score >= threshold]
    with transaction.atomic():
        job = ExtractionJob.objects.select_for_update().get(pk=job.pk)
        if job.status == JobStatus.SUCCEEDED:
            return job
        # Lock the document so two jobs of the same document save one after the other.
        Document.objects.select_for_update().filter(pk=job.document_id).first()
        existing = {(c.start, c.end): c for c in Claim.objects.filter(document_id=job.document_id)}
        now = timezone.now()
        to_create, to_refresh = _split_candidates(
            kept, existing, job.extractor_version, scorer_version
        )
        # Every speaker of the document in one batch of queries (claims.speaker_resolution).
        new_claims, refreshed = _claims_to_write(job, to_create, to_refresh, now, scorer_version)
        created = Claim.objects.bulk_create(new_claims)
        if refreshed:
            Claim.objects.bulk_update(refreshed, [*_EXTRACTED_FIELDS])
        ClaimEvent.objects.bulk_create(
            ClaimEvent(
                claim=claim,
                action=EventAction.EXTRACTED,
                to_status=Status.NEW,
                data={"job": job.pk, "score": claim.score},
                created_at=now,
            )
            for claim in created
        )
        _finish(job, found=len(kept), created=len(created), sentences=sentences, started=started)
        job.extract_seconds = round(extract_seconds, 4)
        job.save(update_fields=[*_FINISHED_FIELDS, "extract_seconds"])
    return job


_FINISHED_FIELDS = (
    "status",
    "sentences",
    "progress_done",
    "progress_total",
    "claims_found",
    "claims_created",
    "save_seconds",
    "finished_at",
    "error",
)


def _finish(
    job: ExtractionJob, *, found: int, created: int, sentences: int, started: datetime
) -> None:
    """Mark the job succeeded with its counts (unsaved: the caller saves _FINISHED_FIELDS)."""
    job.status = JobStatus.SUCCEEDED
    job.sentences = sentences
    job.progress_done = job.progress_total = sentences
    job.claims_found, job.claims_created = found, created
    job.finished_at = timezone.now()
    job.save_seconds = round((job.finished_at - started).total_seconds(), 4)
    job.error = ""


def _claims_to_write(
    job: ExtractionJob,
    to_create: Sequence[Candidate],
    to_refresh: Sequence[tuple[Candidate, Claim]],
    now: datetime,
    scorer_version: str,
) -> tuple[list[Claim], list[Claim]]:
    """The new claims (unsaved) and the refreshed ones, each with its Speaker: every
    speaker of the document is resolved in one batch of queries (claims.speaker_resolution)."""
    untouched = [c for c, claim in to_refresh if claim.version == 1]
    mentions = [mention_of(c) for c in [*to_create, *untouched]]
    speakers = speakers_resolve(m for m in mentions if m is not None)
    new_claims, refreshed = [], []
    for candidate in to_create:
        values = _claim_values(
            candidate, job.extractor_version, scorer_version, speakers.get(mention_of(candidate))
        )
        new_claims.append(
            Claim(
                document_id=job.document_id,
                job=job,
                start=candidate.start,
                end=candidate.end,
                created_at=now,
                updated_at=now,
                **values,
            )
        )
    for candidate, claim in to_refresh:
        values = _claim_values(
            candidate, job.extractor_version, scorer_version, speakers.get(mention_of(candidate))
        )
        if claim.version > 1:  # a person has worked on it: their speaker stays
            for field in _SPEAKER_FIELDS:
                values.pop(field)
        for field, value in values.items():
            setattr(claim, field, value)
        refreshed.append(claim)
    return new_claims, refreshed


def _split_candidates(
    kept: Sequence[Candidate],
    existing: dict[tuple[int, int], Claim],
    extractor_version: str,
    scorer_version: str,
) -> tuple[list[Candidate], list[tuple[Candidate, Claim]]]:
    """The candidates to save as new claims, and those that refresh a claim still new."""
    to_create, to_refresh = [], []
    for candidate in kept:
        claim = existing.get((candidate.start, candidate.end))
        if claim is None:
            if not _overlaps(candidate, existing):  # else a newer segmentation of a tracked one
                to_create.append(candidate)
        elif claim.status == Status.NEW and (
            claim.extractor_version != extractor_version or claim.scorer_version != scorer_version
        ):
            to_refresh.append((candidate, claim))
    return to_create, to_refresh


def _overlaps(candidate: Candidate, existing: dict[tuple[int, int], Claim]) -> bool:
    return any(start < candidate.end and candidate.start < end for start, end in existing)


def _claim_values(
    candidate: Candidate, extractor_version: str, scorer_version: str, speaker: Speaker | None
) -> dict[str, Any]:
    return {
        "text": candidate.text,
        "speaker": candidate.speaker[:200],
        # With a Speaker, its name (claims.speakers keeps the two together).
        "speaker_resolved": speaker.name if speaker else candidate.speaker_resolved[:200],
        "speaker_ref": speaker,
        "claim_type": candidate.claim_type,
        "is_quote": candidate.is_quote,
        "score": min(1.0, max(0.0, float(candidate.score))),
        "reasons": list(candidate.reasons),
        "entities": [dict(e) for e in candidate.entities],
        "quantities": [dict(q) for q in candidate.quantities],
        "extractor_version": extractor_version,
        "scorer_version": scorer_version,
    }
