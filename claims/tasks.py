"""Celery tasks: thin wrappers that load ids, call extraction and services, record progress."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import DatabaseError, InterfaceError, OperationalError

from claims import scorer_jobs, scorers
from claims.models import ExtractionJob, JobStatus
from claims.services import jobs as job_services
from claims.services import webhooks as webhook_services
from claims.suggestions import suggestions_for_claims
from claims.workflow import WorkflowError

logger = logging.getLogger(__name__)

# Errors worth another try: the database was unreachable, restarting or locked.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
PROGRESS_INTERVAL = 0.5  # seconds


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def extract_document(self, job_id: int) -> dict:
    """Run extraction for one job and save its claims. Safe to run twice.

    A database error anywhere, starting the job included, is retried with a backoff that
    outlasts a failover (settings.EXTRACTION_RETRY_*); then the job fails with the reason. If
    even that write fails, the job's lease runs out and the sweep sends it again."""
    try:
        return _extract(self, job_id)
    except TRANSIENT_ERRORS as error:
        retries = self.request.retries
        if retries < settings.EXTRACTION_RETRY_MAX:
            logger.warning("Extraction job %s: database unavailable, retrying (%s)", job_id, error)
            raise self.retry(
                exc=error,
                countdown=retry_countdown(retries),
                max_retries=settings.EXTRACTION_RETRY_MAX,
            ) from None
        _fail_if_possible(job_id, _database_message(error))
        raise
    except DatabaseError as error:
        _fail_if_possible(job_id, _database_message(error))
        raise


def retry_countdown(retries: int) -> float:
    """EXTRACTION_RETRY_BACKOFF seconds doubling each retry up to EXTRACTION_RETRY_BACKOFF_MAX,
    plus up to a tenth more so jobs that failed together come back spread out. Never less:
    jitter down towards zero once spent all five retries within ten seconds of a failover."""
    base = settings.EXTRACTION_RETRY_BACKOFF * 2**retries
    return min(settings.EXTRACTION_RETRY_BACKOFF_MAX, base) * (1 + random.random() / 10)


def _fail_if_possible(job_id: int, error: str) -> None:
    try:
        job_services.job_fail(job_id=job_id, error=error)
    except TRANSIENT_ERRORS:  # still no database: the lease runs out, the sweep resends it
        logger.exception("Extraction job %s could not be marked failed", job_id)


def _extract(task, job_id: int) -> dict:
    from claims.extraction.pipeline import extract

    try:
        job = job_services.job_start(job_id=job_id, task_id=task.request.id or "")
    except ExtractionJob.DoesNotExist:
        logger.warning("Extraction job %s no longer exists; nothing to do.", job_id)
        return {"job": job_id, "status": "missing"}
    if job is None:
        return {"job": job_id, "status": JobStatus.SUCCEEDED}

    try:
        scorer, scorer_version = scorers.active_scorer_and_version()
        started = time.perf_counter()
        document = job.document
        candidates = extract(
            document.text,
            pipeline=settings.EXTRACTION_PIPELINE,
            on_progress=_progress_writer(job_id),
            author=document.author,
            kind=document.kind,
            scorer=scorer,
        )
        elapsed = time.perf_counter() - started
        job = job_services.claims_save_candidates(
            job=job,
            candidates=candidates,
            threshold=scorer.threshold if scorer is not None else settings.EXTRACTION_THRESHOLD,
            sentences=len(candidates),
            extract_seconds=elapsed,
            scorer_version=scorer_version,
        )
    except DatabaseError:
        raise  # retried or failed by extract_document
    except Exception as error:  # any other error fails the job with a message a person can act on
        logger.exception("Extraction job %s failed", job_id)
        job_services.job_fail(
            job_id=job_id, error=f"Extraction failed: {type(error).__name__}: {error}"
        )
        return {"job": job_id, "status": JobStatus.FAILED}
    suggested = _suggest_matches(job)
    return {
        "job": job.pk,
        "status": job.status,
        "claims_created": job.claims_created,
        "suggestions": suggested,
    }


def _progress_writer(job_id: int) -> Callable[[int, int], None]:
    """extract()'s on_progress: at most one progress write per PROGRESS_INTERVAL, enough for a
    progress bar; short documents finish without any."""
    last_write = time.perf_counter()

    def report(done: int, total: int) -> None:
        nonlocal last_write
        now = time.perf_counter()
        if now - last_write >= PROGRESS_INTERVAL and done < total:
            last_write = now
            job_services.job_progress(job_id=job_id, done=done, total=total)

    return report


def _suggest_matches(job: ExtractionJob) -> int:
    """Vectors and "seen before" suggestions for the job's new claims. The claims are saved
    already: a failure here is logged, not a failed extraction (re-extracting suggests again)."""
    claim_ids = list(job.claims.values_list("pk", flat=True))
    if not claim_ids:
        return 0
    try:
        return suggestions_for_claims(claim_ids=claim_ids)
    except Exception:  # the extraction itself succeeded; say what failed and go on
        logger.exception("Matching the claims of extraction job %s failed", job.pk)
        return 0


def _database_message(error: Exception) -> str:
    return (
        f"The database could not be reached or refused the write ({type(error).__name__}: "
        f"{error}). Check the database, then re-extract the document."
    )


@shared_task(acks_late=True)
def requeue_stale_jobs() -> int:
    """Send again the jobs left behind (never sent while the broker was down, or running with
    an expired lease: claims.services.jobs.jobs_send_again); the same for scorer jobs."""
    count = job_services.jobs_send_again()
    if count:
        logger.info("Sent %d stale extraction jobs again.", count)
    return count + scorer_jobs.scorer_jobs_sweep()


@shared_task(bind=True, acks_late=True)
def deliver_webhook(self, delivery_id: int) -> str:
    """POST one webhook delivery; retried with exponential backoff (WEBHOOK_RETRY_DELAY,
    then twice that each time) up to WEBHOOK_MAX_RETRIES times while the endpoint fails or
    does not answer."""
    retries = self.request.retries
    last_try = retries >= settings.WEBHOOK_MAX_RETRIES
    status = webhook_services.webhook_deliver(delivery_id=delivery_id, last_try=last_try)
    if status == "retrying":
        raise self.retry(
            countdown=min(settings.WEBHOOK_RETRY_DELAY * 2**retries, 3600),
            max_retries=settings.WEBHOOK_MAX_RETRIES,
        )
    return status


@shared_task(autoretry_for=(OSError,), retry_backoff=10, max_retries=3)
def send_notification_emails(messages: list[list]) -> int:
    """Send notification e-mails off the request (a slow mail server stalls no one)."""
    return send_mass_mail([tuple(m) for m in messages], fail_silently=False)


def _scorer_job(task, job_id: int, work) -> dict:
    """Run one ScorerJob: start it, call `work(report)`, record the result or the error."""
    job = scorer_jobs.scorer_job_start(job_id=job_id, task_id=task.request.id or "")
    if job is None:
        return {"job": job_id, "status": "finished already"}

    def report(done: int, total: int) -> None:
        scorer_jobs.scorer_job_progress(job_id=job_id, done=done, total=total)

    try:
        result, model_id = work(job, report)
    except WorkflowError as error:  # a refusal (too few labels...): the job says why
        logger.warning("Scorer job %s refused: %s", job_id, error.message)
        scorer_jobs.scorer_job_fail(job_id=job_id, error=error.message)
        return {"job": job_id, "status": JobStatus.FAILED}
    except Exception as error:  # the job shows what went wrong; the worker goes on
        logger.exception("Scorer job %s failed", job_id)
        scorer_jobs.scorer_job_fail(job_id=job_id, error=f"{type(error).__name__}: {error}")
        return {"job": job_id, "status": JobStatus.FAILED}
    scorer_jobs.scorer_job_finish(job_id=job_id, result=result, model_id=model_id)
    return {"job": job_id, "status": JobStatus.SUCCEEDED, **result}


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def train_scorer(self, job_id: int) -> dict:
    """Train a scorer model for a ScorerJob started from a page, the API or the admin."""

    def work(job, report):
        model = scorers.scorer_train(
            actor=job.created_by,
            from_imports=job.options.get("from_imports", True),
            from_decisions=job.options.get("from_decisions", True),
            activate=job.options.get("activate", False),
            on_progress=report,
        )
        return {"version": model.version, "metrics": _headline(model.metrics)}, model.pk

    return _scorer_job(self, job_id, work)


def _headline(metrics: dict) -> dict:
    keys = ("precision", "recall", "f1", "ap", "threshold", "decision_threshold")
    return {k: metrics[k] for k in keys if k in metrics}


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def rescore_claims(self, job_id: int) -> dict:
    """Re-score the new claims (of one document, or all) with the active scorer."""

    def work(job, report):
        result = scorers.claims_rescore_run(
            document_id=job.document_id, claim_ids=job.options.get("claims"), on_progress=report
        )
        return result, None

    return _scorer_job(self, job_id, work)
