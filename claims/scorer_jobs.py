"""The life of a ScorerJob (training or re-scoring in the worker): create and enqueue,
start, report progress, finish or fail. The work itself is in claims.scorers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims import queue, workflow
from claims.models import Document, ScorerJob, ScorerJobKind


def scorer_job_create(
    *, kind: str, actor: Any, options: dict | None = None, document: Document | None = None
) -> ScorerJob:
    """A queued job, sent to the workers when the transaction commits. Editors only."""
    workflow.enforce(workflow.scorer_refusal(actor))
    with transaction.atomic():
        job = ScorerJob.objects.create(
            kind=kind,
            options=options or {},
            document=document,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _enqueue(job)
    return job


def _enqueue(job: ScorerJob) -> None:
    task = {ScorerJobKind.TRAIN: queue.TRAIN_SCORER, ScorerJobKind.RESCORE: queue.RESCORE_CLAIMS}
    queue.enqueue_on_commit(task[job.kind], job.pk)


def scorer_jobs_sweep() -> int:
    """Send again the jobs left queued (the broker was down), and fail those running past
    the time limit (the worker was killed): no job stays unfinished. Returns how many."""
    now = timezone.now()
    queued = ScorerJob.objects.filter(
        status="queued", created_at__lt=now - timedelta(seconds=settings.EXTRACTION_STALE_AFTER)
    )
    count = 0
    for job in queued.only("pk", "kind"):
        _enqueue(job)
        count += 1
    limit = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    count += ScorerJob.objects.filter(status="running", started_at__lt=limit).update(
        status="failed",
        error="The worker stopped before the job finished (killed, or past the time limit). "
        "Start it again.",
        finished_at=now,
    )
    return count


def scorer_job_start(*, job_id: int, task_id: str = "") -> ScorerJob | None:
    """Mark the job running; None if it already finished (a second delivery)."""
    with transaction.atomic():
        job = ScorerJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return None
        job.status = "running"
        job.task_id = task_id or job.task_id
        job.started_at = timezone.now()
        job.error = ""
        job.save(update_fields=["status", "task_id", "started_at", "error"])
    return job


def scorer_job_progress(*, job_id: int, done: int, total: int) -> None:
    ScorerJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)


def scorer_job_finish(*, job_id: int, result: dict, model_id: int | None = None) -> None:
    ScorerJob.objects.filter(pk=job_id).update(
        status="succeeded", result=result, model_id=model_id, finished_at=timezone.now()
    )


def scorer_job_fail(*, job_id: int, error: str) -> None:
    ScorerJob.objects.filter(pk=job_id).exclude(status="succeeded").update(
        status="failed", error=error[:2000], finished_at=timezone.now()
    )
