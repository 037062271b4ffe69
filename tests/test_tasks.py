"""Extraction jobs run in-process (eager Celery, the same code path as a worker)."""

from pathlib import Path

import pytest
from django.db import OperationalError

from claims.extraction.normalize import normalize_text
from claims.models import Claim, ClaimEvent, ExtractionJob, JobStatus
from claims.services import claims as claim_services
from claims.services import documents as document_services
from claims.services import jobs as job_services
from claims.tasks import extract_document, requeue_stale_jobs
from claims.workflow import Status

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_a4cf5889f4568257.txt"
KIM = "Kim is reportedly the highest-ranking North Korean official"

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_document(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_services.document_ingest(text=SEED.read_text("utf-8"), title="Seed")
    return document


def test_ingest_extracts_claims_with_progress_and_history(seed_document, settings):
    job = seed_document.jobs.get()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.attempts == 1
    assert job.progress_done == job.progress_total == job.sentences > 20
    assert job.claims_created == job.claims_found == seed_document.claims.count() > 0
    assert job.extract_seconds is not None and job.finished_at >= job.started_at
    kim = seed_document.claims.get(text__startswith=KIM)
    assert seed_document.text[kim.start : kim.end] == kim.text
    assert kim.score >= settings.EXTRACTION_THRESHOLD
    assert any("1953" in reason for reason in kim.reasons)
    assert ClaimEvent.objects.filter(action="extracted").count() == seed_document.claims.count()
    assert not seed_document.claims.filter(text__startswith="By subscribing").exists()


def test_running_the_same_job_twice_creates_no_duplicates(seed_document):
    job = seed_document.jobs.get()
    before = Claim.objects.count()
    # The worker died after saving: the broker delivers the same message (same task id) again.
    ExtractionJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    extract_document.apply(args=(job.pk,), task_id=job.task_id)
    assert Claim.objects.count() == before
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    # A redelivery of a finished job is a no-op.
    extract_document.apply(args=(job.pk,))
    job.refresh_from_db()
    assert job.attempts == 2


def test_reextraction_with_a_newer_extractor_keeps_workflow_state(seed_document, editor):
    kim = seed_document.claims.get(text__startswith=KIM)
    claim_services.claim_transition(claim=kim, to=Status.SELECTED, actor=editor)
    other = seed_document.claims.exclude(pk=kim.pk).first()
    Claim.objects.filter(pk=other.pk).update(extractor_version="old", score=0.01)
    before = Claim.objects.count()

    job = document_services.document_reextract(document=seed_document, enqueue=False)
    extract_document.apply(args=(job.pk,))

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.claims_created == 0
    assert Claim.objects.count() == before
    kim.refresh_from_db()
    assert kim.status == Status.SELECTED and kim.version == 2
    other.refresh_from_db()
    assert other.extractor_version == job.extractor_version and other.score > 0.01


def test_an_extraction_error_fails_the_job_with_a_readable_message(db, monkeypatch):
    document, _ = document_services.document_ingest(text="Exports fell 12 percent.", extract=False)
    job = job_services.job_create(document=document, enqueue=False)

    def broken(*args, **kwargs):
        raise ValueError("pipeline 'xx' is not installed")

    monkeypatch.setattr("claims.extraction.pipeline.extract", broken)
    extract_document.apply(args=(job.pk,))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "ValueError: pipeline 'xx' is not installed" in job.error
    assert job.finished_at is not None
    assert not Claim.objects.exists()


def test_a_transient_database_error_is_retried(db, monkeypatch):
    from claims.extraction import pipeline

    document, _ = document_services.document_ingest(
        text="Exports fell 12 percent in 2024.", extract=False
    )
    job = job_services.job_create(document=document, enqueue=False)
    real_extract, calls = pipeline.extract, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_extract(*args, **kwargs)

    monkeypatch.setattr("claims.extraction.pipeline.extract", flaky)
    extract_document.apply(args=(job.pk,))
    job.refresh_from_db()
    assert len(calls) == 2
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2


def test_sweep_requeues_jobs_left_queued(db, settings, django_capture_on_commit_callbacks):
    settings.EXTRACTION_STALE_AFTER = 60
    document, _ = document_services.document_ingest(
        text="Rents rose 8 percent in 2025.", extract=False
    )
    job = job_services.job_create(document=document, enqueue=False)  # the broker "was down"
    assert job.enqueued_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_jobs.apply().get() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert requeue_stale_jobs.apply().get() == 0


def test_extract_command_runs_pending_jobs(db, capsys):
    from django.core.management import call_command

    document, _ = document_services.document_ingest(
        text=normalize_text("GDP grew 2 percent."), extract=False
    )
    job_services.job_create(document=document, enqueue=False)
    call_command("extract", "--pending", "--sync")
    assert document.jobs.get().status == JobStatus.SUCCEEDED
    assert "Extracted 1 document" in capsys.readouterr().out


def test_a_second_message_for_a_running_job_is_skipped(db):
    from django.utils import timezone

    document, _ = document_services.document_ingest(text="Exports fell 12 percent.", extract=False)
    job = job_services.job_create(document=document, enqueue=False)
    ExtractionJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, task_id="first-delivery", started_at=timezone.now(), attempts=1
    )
    extract_document.apply(args=(job.pk,), task_id="sent-again-by-the-sweep")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)


def test_a_job_that_keeps_killing_its_worker_is_failed_with_the_reason(db):
    document, _ = document_services.document_ingest(text="Exports fell 12 percent.", extract=False)
    job = job_services.job_create(document=document, enqueue=False)
    ExtractionJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, task_id="t", attempts=job_services.MAX_ATTEMPTS
    )
    extract_document.apply(args=(job.pk,), task_id="t")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Gave up after 3 attempts" in job.error
    assert not Claim.objects.exists()


def test_a_new_segmentation_of_a_tracked_sentence_adds_no_overlapping_claim(db, editor):
    from claims.extraction.pipeline import Candidate

    text = "WASHINGTON - Exports fell 12 percent in 2024. Imports rose."
    document, _ = document_services.document_ingest(text=text, extract=False)
    tracked = Claim.objects.create(document=document, text=text[:45], start=0, end=45, score=0.9)
    claim_services.claim_transition(claim=tracked, to=Status.SELECTED, actor=editor)

    def candidate(start, end):
        return Candidate(
            text=text[start:end],
            start=start,
            end=end,
            score=0.9,
            reasons=("year: 2024",),
            claim_type="quantity",
            is_quote=False,
            speaker="",
            speaker_resolved="",
            entities=(),
            quantities=(),
        )

    job = job_services.job_create(document=document, enqueue=False)
    job_services.claims_save_candidates(
        job=job,
        candidates=[candidate(13, 45), candidate(46, 59)],
        threshold=0.5,
        sentences=2,
        extract_seconds=0.1,
    )
    assert list(document.claims.order_by("start").values_list("start", "end")) == [
        (0, 45),
        (46, 59),
    ]
