"""Jobs heal themselves: a lease the sweep reads, backoff that outlasts a failover, and
writes that stand while the broker is down (a real closed port, not a mock)."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from celery import Celery
from django.db import OperationalError
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import ExtractionJob, JobStatus
from claims.services import documents as document_services
from claims.services import jobs as job_services
from claims.tasks import extract_document, requeue_stale_jobs, retry_countdown
from factcheck.celery import app as celery_app
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _job(**fields) -> ExtractionJob:
    document, _ = document_services.document_ingest(
        text=f"Exports fell {len(fields) + ExtractionJob.objects.count()} percent.", extract=False
    )
    job = job_services.job_create(document=document, enqueue=False)
    ExtractionJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def test_a_running_job_whose_lease_expired_is_sent_again_and_finishes(
    settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_TIME_LIMIT = 60
    long_ago = timezone.now() - timedelta(seconds=61)
    job = _job(status=JobStatus.RUNNING, task_id="killed", attempts=1, started_at=long_ago)
    ExtractionJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_jobs.apply().get() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")
    assert job.claims_created == job.document.claims.count() == 1


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(settings):
    settings.CELERY_TASK_TIME_LIMIT = 60
    long_ago = timezone.now() - timedelta(seconds=600)
    job = _job(status=JobStatus.RUNNING, task_id="alive", attempts=1, started_at=long_ago)
    ExtractionJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    assert requeue_stale_jobs.apply().get() == 0
    assert ExtractionJob.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_progress_renews_the_lease():
    job = _job(status=JobStatus.RUNNING, heartbeat_at=timezone.now() - timedelta(hours=1))
    job_services.job_progress(job_id=job.pk, done=3, total=10)
    job.refresh_from_db()
    assert timezone.now() - job.heartbeat_at < timedelta(seconds=5)
    assert (job.progress_done, job.progress_total) == (3, 10)


def test_retry_backoff_starts_at_5_seconds_doubles_and_outlasts_a_failover(settings):
    settings.EXTRACTION_RETRY_BACKOFF, settings.EXTRACTION_RETRY_BACKOFF_MAX = 5, 300
    waits = [retry_countdown(n) for n in range(settings.EXTRACTION_RETRY_MAX)]
    assert 5 <= waits[0] <= 5.5 and 10 <= waits[1] <= 11 and 20 <= waits[2] <= 22
    assert max(waits) <= 330
    assert sum(waits) > 10 * 60  # the old jittered retries were all spent within 10 s


def test_database_errors_while_starting_the_job_are_retried_every_time_allowed(
    settings, monkeypatch
):
    settings.EXTRACTION_RETRY_MAX = 6  # more than Celery's default of 3 retries
    job = _job()
    real_start, calls = job_services.job_start, []

    def start_during_an_outage(**kwargs):
        calls.append(1)
        if len(calls) <= 6:
            raise OperationalError("the database system is shutting down")
        return real_start(**kwargs)

    monkeypatch.setattr(job_services, "job_start", start_during_an_outage)
    extract_document.apply(args=(job.pk,))
    job.refresh_from_db()
    assert len(calls) == 7
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 1)


def test_after_the_last_retry_the_job_fails_with_the_database_reason(settings, monkeypatch):
    settings.EXTRACTION_RETRY_MAX = 2
    job = _job()

    def start_during_an_outage(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(job_services, "job_start", start_during_an_outage)
    extract_document.apply(args=(job.pk,))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "The database could not be reached" in job.error


# --- The broker is down: a real Celery app on a port nothing listens on ---


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_down():
    down = Celery("broker-down", broker=f"redis://127.0.0.1:{_closed_port()}/0")
    down.conf.update(
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0},
        broker_connection_timeout=1,
        broker_transport_options={"socket_connect_timeout": 1},
    )
    down.set_current()
    yield down
    celery_app.set_current()


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_ingest_while_the_broker_is_down_answers_201_and_the_sweep_sends_it_later(
    researcher, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(researcher).post(
            "/api/v1/documents/", {"text": "Prices rose 9 percent in 2025."}, format="json"
        )
    assert response.status_code == 201, response.content
    job = ExtractionJob.objects.get(document_id=response.json()["id"])
    assert (job.status, job.enqueued_at) == (JobStatus.QUEUED, None)  # marked never sent

    celery_app.set_current()  # the broker is back (in-process here)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_jobs.apply().get() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_reextract_and_assign_while_the_broker_is_down_succeed(
    researcher, editor, broker_down, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        again = _api(researcher).post(f"/api/v1/documents/{claim.document_id}/reextract/")
        assigned = _api(editor).post(
            f"/api/v1/claims/{claim.pk}/assign/",
            {"assignee": researcher.pk, "version": 1},
            format="json",
        )
    assert again.status_code in (201, 202), again.content
    assert assigned.status_code == 200, assigned.content
    claim.refresh_from_db()
    assert claim.assignee == researcher
    assert claim.document.jobs.get().status == JobStatus.QUEUED


def test_the_document_page_says_extraction_is_pending(client, researcher, broker_down):
    document, _ = document_services.document_ingest(text="Rents rose 8 percent.", extract=False)
    job_services.job_create(document=document, enqueue=False)
    client.force_login(researcher)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "Extraction pending." in page


def test_healthz_names_the_database_and_the_broker_and_answers_503_when_one_is_down(
    client, broker_down
):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("unavailable")
    assert response["Retry-After"]
