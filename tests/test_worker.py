"""Extraction through a real Celery worker process, the real Redis and PostgreSQL.

The test process publishes to Redis; a `celery worker` subprocess consumes, runs the
extraction against the same (test) database and commits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.db import connection

from claims.models import Claim, ClaimEvent, ExtractionJob, JobStatus
from claims.services import documents as document_services
from factcheck.celery import app

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_a4cf5889f4568257.txt"
BROKER_DB = 14  # a Redis database of its own, flushed around each test
WAIT_SECONDS = 180


def _broker_url() -> str:
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    return f"{base}/{BROKER_DB}"


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker():
    """Point this process's Celery app at Redis (not eager) for the test."""
    client = redis.Redis.from_url(_broker_url())
    client.flushdb()
    # The app reads Django's CELERY_-prefixed settings, so those are the keys to change.
    previous = {key: app.conf[key] for key in ("CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER")}
    app.conf.update(CELERY_BROKER_URL=_broker_url(), CELERY_TASK_ALWAYS_EAGER=False)
    _reset_connections()
    yield client
    app.conf.update(previous)
    _reset_connections()
    client.flushdb()


def _reset_connections() -> None:
    """Drop pooled broker connections so the next publish uses the current broker_url."""
    old_pool, app._pool, app.amqp._producer_pool = app._pool, None, None
    if old_pool is not None:
        old_pool.force_close_all()
    kombu.pools.reset()  # producer pools are cached per connection, process-wide


class Worker:
    def __init__(self, log: Path):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": _broker_url(),
            # Unacknowledged messages of a dead worker come back after this many seconds.
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "DEBUG": "0",
            # DEBUG=0 refuses to start without a key (factcheck.settings).
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "worker-test-only",
        }
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(tmp_path, broker):
    workers: list[Worker] = []

    def start() -> Worker:
        worker = Worker(tmp_path / "worker.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for(condition: Callable[[], bool], what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    pytest.fail(f"Timed out waiting for {what}.\n{tail}")


def job_status(job_id: int) -> str:
    return ExtractionJob.objects.values_list("status", flat=True).get(pk=job_id)


def test_worker_extracts_an_ingested_document(start_worker):
    from claims.factchecks import factchecks_import
    from claims.models import MatchSuggestion, MatchVector

    earlier = (
        "id\tvclaim\n1\tKim is the highest-ranking North Korean official to visit South "
        "Korea since the Korean War ended in 1953.\n"
    )
    factchecks_import(data=earlier, filename="archive.tsv")
    worker = start_worker()
    document, _ = document_services.document_ingest(text=SEED.read_text("utf-8"), title="Seed")
    job = document.jobs.get()
    wait_for(lambda: job_status(job.pk) in ("succeeded", "failed"), "the job", worker.log)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.claims_created == document.claims.count() > 5
    kim = document.claims.get(text__startswith="Kim is reportedly")
    # The worker stores the claims' vectors and their "seen before" suggestions.
    suggested = MatchSuggestion.objects.filter(claim=kim, external__external_id="1")
    wait_for(suggested.exists, "the suggestion", worker.log)
    assert MatchVector.objects.filter(owner_kind="claim").count() == document.claims.count()


def test_the_same_job_sent_twice_gives_no_duplicates(start_worker):
    from claims.tasks import extract_document

    worker = start_worker()
    document, _ = document_services.document_ingest(text=SEED.read_text("utf-8"), title="Seed")
    job = document.jobs.get()
    extract_document.delay(job.pk)  # a second delivery of the same job
    wait_for(lambda: job_status(job.pk) == "succeeded", "the job", worker.log)
    count = document.claims.count()
    extract_document.delay(job.pk)
    # The third message is consumed when the worker's queue is empty again.
    wait_for(lambda: broker_empty(), "the queue to drain", worker.log)
    job.refresh_from_db()
    assert document.claims.count() == count
    assert ClaimEvent.objects.filter(claim__document=document).count() == count
    assert job.claims_created == count


def broker_empty() -> bool:
    client = redis.Redis.from_url(_broker_url())
    return client.llen("celery") == 0 and client.zcard("unacked_index") == 0


def _long_text() -> str:
    """About 40 seed articles' worth of distinct sentences: several seconds of extraction."""
    seed = SEED.read_text("utf-8")
    return "\n\n".join(
        f"Report {n}. In {1900 + n}, officials said {n * 3} delegates met.\n\n{seed}"
        for n in range(40)
    )


def test_a_worker_killed_mid_job_leaves_it_to_a_new_worker_which_finishes_it_once(start_worker):
    first = start_worker()
    document, _ = document_services.document_ingest(text=_long_text(), title="Long")
    job = document.jobs.get()

    def midway() -> bool:
        row = ExtractionJob.objects.values("status", "progress_done").get(pk=job.pk)
        return row["status"] == "running" and row["progress_done"] > 0

    wait_for(midway, "the job to be running", first.log)
    first.kill()
    assert job_status(job.pk) == "running"
    assert not Claim.objects.filter(document=document).exists()

    second = start_worker()
    wait_for(lambda: job_status(job.pk) == "succeeded", "the redelivered job", second.log)
    job.refresh_from_db()
    assert job.attempts == 2
    claims = Claim.objects.filter(document=document)
    spans = set(claims.values_list("start", "end"))
    assert len(spans) == claims.count() == job.claims_created > 0
    assert ClaimEvent.objects.filter(claim__document=document, action="extracted").count() == len(
        spans
    )
