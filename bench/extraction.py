"""Extraction benchmark: prints figures and ratios against baselines measured in the same run.

    .venv/bin/python bench/extraction.py [--docs 200] [--rounds 5]

Four variants run interleaved, document by document, in an order that rotates with each
document, so a busy machine slows them alike: bare (nlp.pipe of the same spaCy pipeline),
extract (extract() on the same text), end to end (ingest -> Celery task -> claims saved, on a
new text) and repeated (extract() alone on that new text: end to end's own baseline). Each
round gives the two ratios; the median over rounds is reported with its range.

1. extract / bare (target <= 1.25).
2. end to end / repeated (target <= 1.5). Uses a throwaway SQLite file unless
   BENCH_DATABASE_URL is set.
3. Peak RSS of a real `celery worker` process extracting the corpus (target <= 400 MB; needs
   Redis at REDIS_URL, default redis://127.0.0.1:6379).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORKDIR = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
)
os.environ.pop("CELERY_BROKER_URL", None)  # in-process for parts 1 and 2
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line per eager task
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# The worker's broker: a Redis database of its own (flushed first).
BROKER_URL = os.environ.get("BENCH_BROKER_URL", REDIS_URL.rsplit("/", 1)[0] + "/13")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from kombu import Connection  # noqa: E402

from bench.corpus import documents  # noqa: E402
from claims.extraction.normalize import normalize_text  # noqa: E402
from claims.extraction.pipeline import extract, load_pipeline  # noqa: E402
from claims.models import ExtractionJob, JobStatus  # noqa: E402
from claims.queue import EXTRACT_DOCUMENT  # noqa: E402
from claims.services import documents as document_services  # noqa: E402


def timed(fn):
    """(seconds, result) of calling fn()."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def bare_pipe(nlp, texts: list[str]) -> None:
    for _ in nlp.pipe(texts, batch_size=32):
        pass


def extract_all(texts: list[str]) -> int:
    return sum(len(extract(t, pipeline=settings.EXTRACTION_PIPELINE)) for t in texts)


def end_to_end(texts: list[str]) -> None:
    for text in texts:
        document, created = document_services.document_ingest(text=text)
        assert created, "benchmark texts must be new"
        job = document.jobs.get()
        assert job.status == JobStatus.SUCCEEDED, job.error


def redis_up() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), 1):
            return True
    except OSError:
        return False


def worker_peak_rss(texts: list[str]) -> float | None:
    """Run the corpus through a real worker process; return its peak RSS in MB."""
    if not redis_up():
        print(f"worker_peak_rss: skipped (no Redis at {REDIS_URL})")
        return None
    import redis

    from factcheck.celery import app

    redis.Redis.from_url(BROKER_URL).flushdb()
    env = {"SECRET_KEY": "bench-only", **os.environ, "CELERY_BROKER_URL": BROKER_URL, "DEBUG": "0"}
    log = (WORKDIR / "worker.log").open("wb")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=False)
    try:
        # Jobs stored without sending; then sent over a connection to the worker's broker.
        job_ids = [
            document_services.document_ingest(text=text, enqueue=False)[0].jobs.get().pk
            for text in texts
        ]
        with Connection(BROKER_URL) as connection:
            for job_id in job_ids:
                app.send_task(EXTRACT_DOCUMENT, args=[job_id], connection=connection)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            left = ExtractionJob.objects.filter(pk__in=job_ids).exclude(
                status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]
            )
            if not left.exists():
                break
            time.sleep(0.5)
        else:
            print("worker_peak_rss: the worker did not finish in 600 s")
        status = Path(f"/proc/{worker.pid}/status").read_text()
        peak_kb = int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        )
        return peak_kb / 1024
    finally:
        worker.terminate()
        worker.wait(30)
        app.conf.update(CELERY_TASK_ALWAYS_EAGER=True)


VARIANTS = ("bare", "extract", "end to end", "repeated")


def run_round(nlp, corpus: list[str], round_number: int) -> tuple[dict[str, float], int]:
    """Seconds per variant over the corpus, interleaved per document; sentences extracted."""
    totals = dict.fromkeys(VARIANTS, 0.0)
    sentences = 0
    for index, text in enumerate(corpus):
        fresh = f"{text}\n\nBenchmark round {round_number}."
        steps = {
            "bare": lambda text=text: bare_pipe(nlp, [text]),
            "extract": lambda text=text: extract_all([text]),
            "end to end": lambda fresh=fresh: end_to_end([fresh]),
            "repeated": lambda fresh=fresh: extract_all([fresh]),
        }
        shift = (index + round_number) % len(VARIANTS)
        for name in VARIANTS[shift:] + VARIANTS[:shift]:
            seconds, result = timed(steps[name])
            totals[name] += seconds
            if name == "extract":
                sentences += result
    return totals, sentences


def report(rounds: list[dict[str, float]], docs: int, sentences: int) -> None:
    median = {name: statistics.median(r[name] for r in rounds) for name in VARIANTS}
    for name in VARIANTS:
        seconds = median[name]
        print(f"{name + ':':<26}{seconds:7.2f} s  ({docs / seconds:6.1f} docs/s, median round)")
    print(f"sentences per round:      {sentences} ({sentences / median['extract']:,.0f}/s extract)")
    for label, top, base, target in (
        ("extract/bare", "extract", "bare", 1.25),
        ("end-to-end/repeated", "end to end", "repeated", 1.5),
    ):
        ratios = sorted(r[top] / r[base] for r in rounds)
        print(
            f"ratio {label + ':':<21}{statistics.median(ratios):.2f}  (median of {len(ratios)} "
            f"rounds, range {ratios[0]:.2f}-{ratios[-1]:.2f}; target <= {target})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    corpus = [normalize_text(t) for t in documents(args.docs)]
    nlp = load_pipeline(settings.EXTRACTION_PIPELINE)
    extract(corpus[0])  # warm up the pipeline and the regexes
    end_to_end([corpus[0] + "\n\nWarm-up."])  # and the database path
    chars = sum(map(len, corpus))
    print(
        f"corpus: {len(corpus)} documents, {chars:,} characters; db: "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )
    rounds, sentences = [], 0
    for round_number in range(args.rounds):
        totals, sentences = run_round(nlp, corpus, round_number)
        rounds.append(totals)
    report(rounds, len(corpus), sentences)
    worker_corpus = [f"{text}\n\nWorker run." for text in corpus]
    peak = worker_peak_rss(worker_corpus)
    if peak is not None:
        print(f"worker peak RSS:          {peak:7.1f} MB (target <= 400)")


if __name__ == "__main__":
    main()
