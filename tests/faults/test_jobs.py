"""Jobs heal themselves, against a private PostgreSQL, Redis and real Celery workers.

- A worker killed whole (SIGKILL to its process group, beat included): a new worker's sweep
  sends the job again once its lease runs out, and it finishes exactly once, within the
  task time limit plus one sweep (the visibility timeout is set far away, so only the sweep
  can bring it back).
- PostgreSQL stopped for 20 (and 65) seconds in the middle of a job: the job ends succeeded,
  or failed with a reason; never left running.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.services import Worker, manage

pytestmark = pytest.mark.faults

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_a4cf5889f4568257.txt"
TIME_LIMIT = 90  # seconds: the extraction below takes a fraction of it
SWEEP = 3  # seconds between sweeps


def _long_text(tag: str) -> str:
    """Forty seed articles' worth of distinct sentences: several seconds of extraction on an
    idle machine (it must still be running when the test kills or stops something)."""
    seed = SEED.read_text("utf-8")
    return "\n\n".join(
        f"Report {tag} {n}. In {1900 + n}, officials said {n * 7} delegates met.\n\n{seed}"
        for n in range(40)
    )


def _ingest(env: dict[str, str], folder: Path, tag: str) -> int:
    source = folder / f"{tag}.txt"
    source.write_text(_long_text(tag), "utf-8")
    code = (
        "from pathlib import Path;"
        "from claims.services.documents import document_ingest;"
        f"d, _ = document_ingest(text=Path({str(source)!r}).read_text('utf-8'), title={tag!r});"
        "print(d.jobs.get().pk)"
    )
    return int(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def _job(postgres, job_id: int) -> dict:
    row = postgres.query(
        "SELECT status, attempts, progress_done, claims_created, error, document_id"
        " FROM claims_extractionjob WHERE id = %s",
        job_id,
    )[0]
    keys = ("status", "attempts", "progress_done", "claims_created", "error", "document_id")
    return dict(zip(keys, row, strict=True))


def _wait(condition: Callable[[], bool], seconds: float, what: str, *workers: Worker) -> float:
    started, last_error = time.monotonic(), None
    while time.monotonic() - started < seconds:
        try:
            if condition():
                return time.monotonic() - started
        except Exception as error:  # the database is down for a while in one test
            last_error = error
        time.sleep(0.25)
    logs = "\n".join(worker.tail() for worker in workers)
    pytest.fail(f"Timed out after {seconds} s waiting for {what} ({last_error!r}).\n{logs}")


def _worker_env(env: dict[str, str], **extra: str) -> dict[str, str]:
    return {
        **env,
        "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT),
        "CELERY_TASK_SOFT_TIME_LIMIT": str(TIME_LIMIT - 5),
        "EXTRACTION_SWEEP_INTERVAL": str(SWEEP),
        **extra,
    }


def test_a_worker_killed_whole_leaves_a_job_a_new_worker_finishes_exactly_once(services):
    postgres, _, env, folder = services
    # Only the sweep may bring the job back: the broker would redeliver it after an hour.
    worker_env = _worker_env(env, CELERY_VISIBILITY_TIMEOUT="3600")
    first = Worker(worker_env, folder, "first")
    try:
        job_id = _ingest(env, folder, "killed")
        _wait(lambda: _job(postgres, job_id)["progress_done"] > 0, 180, "the job to run", first)
        first.kill_group()
        killed_at = time.monotonic()
    finally:
        first.stop()
    assert _job(postgres, job_id)["status"] == "running"

    second = Worker(worker_env, folder, "second")
    try:
        _wait(
            lambda: _job(postgres, job_id)["status"] == "succeeded",
            TIME_LIMIT + SWEEP + 120,
            "the job to be sent again and finish",
            second,
        )
        took = time.monotonic() - killed_at
    finally:
        second.stop()
    job = _job(postgres, job_id)
    assert job["attempts"] == 2
    # Sent again once its lease ran out (the time limit after its last heartbeat), plus a sweep
    # and the run itself: far sooner than the visibility timeout.
    assert TIME_LIMIT - 5 < took < TIME_LIMIT + SWEEP + 90, took
    claims, spans, extracted = postgres.query(
        'SELECT count(*), count(DISTINCT (start, "end")),'
        " (SELECT count(*) FROM claims_claimevent e JOIN claims_claim c ON c.id = e.claim_id"
        "  WHERE c.document_id = %s AND e.action = 'extracted')"
        " FROM claims_claim WHERE document_id = %s",
        job["document_id"],
        job["document_id"],
    )[0]
    assert claims == spans == extracted == job["claims_created"] > 0


@pytest.mark.parametrize("outage", [20, 65])
def test_postgres_stopped_mid_job_ends_the_job_never_running(services, outage):
    """20 s: the outage of the issue. 65 s: longer than every retry the old jittered backoff
    could make (at most 62 s), so its last retry always failed inside job_start and left the
    job running for ever; 5 s doubling retries reach past it."""
    postgres, _, env, folder = services
    worker = Worker(_worker_env(env, CELERY_TASK_TIME_LIMIT="300"), folder, f"outage{outage}")
    try:
        job_id = _ingest(env, folder, f"outage{outage}")
        _wait(lambda: _job(postgres, job_id)["progress_done"] > 0, 180, "the job to run", worker)
        assert _job(postgres, job_id)["status"] == "running"  # else the test proves nothing
        postgres.stop()
        time.sleep(outage)
        postgres.start()
        _wait(
            lambda: _job(postgres, job_id)["status"] in ("succeeded", "failed"),
            150,
            "the job to end",
            worker,
        )
    finally:
        worker.stop()
    job = _job(postgres, job_id)
    assert job["status"] == "succeeded" or job["error"], job
    if job["status"] == "succeeded":
        assert job["claims_created"] > 0
