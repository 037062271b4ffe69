"""Load: gunicorn (2 sync workers) and a Celery worker on PostgreSQL and Redis, loopback only.

    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/load \\
        --redis-url redis://127.0.0.1:6379/4 [--seconds 120] [--clients 8,32] [--flood 16]

A mixed team load, each client in a loop: reads (the claim list, a claim page, a full-text
search; 70 %), writes (a comment, a workflow transition and back; 25 %) and document
ingestion through the API (5 %), for --seconds at each client count; then the same while
--flood clients post wrong passwords to the login page (for another account). Prints, per
phase: requests per second, p50 and p99 in ms, and errors (5xx, failed connections, or an
answer the step did not expect); then whether every ingested document's job finished.
Targets (issue 13): zero errors, p99 under 500 ms, p99 under the login flood within 2x.

The database is migrated and seeded (users, 64 claims for transitions); nothing else is
removed, so use a database of its own. Bounded: every request has a 30 s timeout, every
phase --seconds, the wait for jobs 180 s; gunicorn and the worker are stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET_KEY = "bench-load-only-" + "k" * 40
TIMEOUT = 30
LOAD_CLAIMS = 64
STEPS = [(0.25, "list"), (0.5, "page"), (0.7, "search"), (0.82, "comment"), (0.95, "move")]
STEPS.append((1.01, "ingest"))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--seconds", type=float, default=120.0, help="per phase (default 120)")
    parser.add_argument("--clients", default="8,32", help="client counts (default 8,32)")
    parser.add_argument("--flood", type=int, default=16, help="wrong-password clients")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url (or DATABASE_URL) must name a PostgreSQL database")
    if not args.redis_url.startswith("redis"):
        parser.error("--redis-url (or REDIS_URL) must name a Redis database")
    return args


def setup(env: dict[str, str]) -> dict:
    """Migrate and seed; return the credentials and the claims the clients work on."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from claims.models import Claim
    from claims.roles import EDITORS_GROUP
    from claims.services.documents import document_ingest
    from claims.vectors import vectors_for_claims

    call_command("migrate", verbosity=0)
    call_command("setup_roles", verbosity=0, stdout=io.StringIO())
    users = get_user_model().objects
    editor, _ = users.get_or_create(username="load-editor")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    users.get_or_create(username="load-victim")  # the account the flood guesses at
    client = Client()
    client.force_login(editor)
    document, _ = document_ingest(text="Load test claims. " * 200, title="Load claims")
    for n in range(Claim.objects.filter(document=document).count(), LOAD_CLAIMS):
        Claim.objects.create(
            document=document, text=f"Load claim {n}: prices rose {n} percent.", start=n, end=n + 1
        )
    claims = list(Claim.objects.filter(document=document).order_by("pk"))
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(status="new")  # a fresh start
    vectors_for_claims([c.pk for c in claims])  # as the worker does for the claims it extracts
    return {
        "token": Token.objects.get_or_create(user=editor)[0].key,
        "session": client.cookies["sessionid"].value,
        "claims": [c.pk for c in claims],
    }


def request(port: int, method: str, path: str, headers: dict, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("Set-Cookie") or ""
    finally:
        connection.close()


class Team:
    """One client of the team: a loop of the mixed steps, each timed."""

    def __init__(self, port: int, seed: dict, index: int, ingested: list[int]):
        self.port, self.seed, self.ingested = port, seed, ingested
        self.claim = seed["claims"][index % len(seed["claims"])]
        self.mine = seed["claims"][index]  # this client's own claim to move, no conflicts
        self.api = {"Authorization": f"Token {seed['token']}", "Content-Type": "application/json"}
        self.page = {"Cookie": f"sessionid={seed['session']}"}

    def step(self, rng: random.Random) -> tuple[int, set[int]]:
        roll = rng.random()
        self.kind = next(k for limit, k in STEPS if roll < limit)
        if roll < 0.25:
            return self.get("/api/v1/claims/?ordering=-score", self.api)
        if roll < 0.50:
            return self.get(f"/claims/{self.claim}/", self.page)
        if roll < 0.70:
            return self.get("/api/v1/claims/?q=prices%20rose", self.api)
        if roll < 0.82:
            body = json.dumps({"body": f"Checked the source ({uuid.uuid4().hex[:8]})."})
            return self.post(f"/api/v1/claims/{self.claim}/comments/", body, {201})
        if roll < 0.95:
            return self.transition()
        return self.ingest()

    def get(self, path: str, headers: dict) -> tuple[int, set[int]]:
        return request(self.port, "GET", path, headers)[0], {200}

    def post(self, path: str, body: str, ok: set[int]) -> tuple[int, set[int]]:
        status, content, _ = request(self.port, "POST", path, self.api, body)
        self.last = content
        return status, ok

    def transition(self) -> tuple[int, set[int]]:
        path = f"/api/v1/claims/{self.mine}/"
        status, content, _ = request(self.port, "GET", path, self.api)
        if status != 200:
            return status, {200}
        claim = json.loads(content)
        to = "dismissed" if claim["status"] == "new" else "new"
        body = json.dumps({"to": to, "note": "load test", "version": claim["version"]})
        return self.post(f"{path}transition/", body, {200})

    def ingest(self) -> tuple[int, set[int]]:
        text = f"Load {uuid.uuid4().hex}: unemployment fell to 4.1 percent in 2025, she said."
        status, ok = self.post("/api/v1/documents/", json.dumps({"text": text}), {201})
        if status == 201:
            self.ingested.append(json.loads(self.last)["job"]["id"])
        return status, ok


def flood(port: int, stop: threading.Event, answers: list[int]) -> None:
    """Wrong passwords for another account on the login page, as fast as answered."""
    try:
        status, content, cookie = request(port, "GET", "/accounts/login/", {})
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
        csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    except (OSError, AttributeError):
        answers.append(0)
        return
    headers = {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"}
    body = f"csrfmiddlewaretoken={token.decode()}&username=load-victim&password="
    while not stop.is_set():
        try:
            answers.append(request(port, "POST", "/accounts/login/", headers, body + "nope")[0])
        except OSError:
            answers.append(0)


def phase(port: int, seed: dict, clients: int, flooders: int, seconds: float) -> dict:
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors: list[str] = []
    ingested: list[int] = []
    flood_answers: list[int] = []
    stop = threading.Event()

    def team_member(index: int) -> None:
        member, rng = Team(port, seed, index, ingested), random.Random(index)
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status, ok = member.step(rng)
            except OSError as error:
                status, ok = 0, {200}
                errors.append(f"{type(error).__name__}")
            latencies.append(time.perf_counter() - started)
            by_kind.setdefault(member.kind, []).append(latencies[-1])
            if status not in ok:
                errors.append(str(status))

    threads = [threading.Thread(target=team_member, args=(i,)) for i in range(clients)]
    threads += [
        threading.Thread(target=flood, args=(port, stop, flood_answers)) for _ in range(flooders)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "rps": len(latencies) / elapsed,
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
        "requests": len(latencies),
        "errors": errors,
        "ingested": ingested,
        "flood": flood_answers,
        "p99_by_step": {
            kind: max(times) if len(times) < 2 else statistics.quantiles(times, n=100)[98]
            for kind, times in by_kind.items()
        },
    }


def wait_for_jobs(port: int, seed: dict, job_ids: list[int], seconds: float = 180) -> dict:
    headers = {"Authorization": f"Token {seed['token']}"}
    deadline, states = time.monotonic() + seconds, {}
    pending = list(job_ids)
    while pending and time.monotonic() < deadline:
        for job_id in list(pending):
            status, content, _ = request(port, "GET", f"/api/v1/jobs/{job_id}/", headers)
            if status == 200 and json.loads(content)["status"] in ("succeeded", "failed"):
                states[job_id] = json.loads(content)["status"]
                pending.remove(job_id)
        if pending:
            time.sleep(1)
    return {"succeeded": sum(s == "succeeded" for s in states.values()), "unfinished": pending}


def start_services(env: dict[str, str], port: int, logs: Path) -> list[subprocess.Popen]:
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--workers", "2", "--timeout", "30"]
        + ["--bind", f"127.0.0.1:{port}", "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=(logs / "gunicorn.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--concurrency=1"]
        + ["--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        stdout=(logs / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz", {})[0] == 200:
                return [web, worker]
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /healthz within 120 s; see {logs}")


def main() -> None:
    args = parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "CELERY_BROKER_URL": args.redis_url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        # Every client writes with one token: the per-user write throttle would answer 429s.
        "API_WRITE_RATE": "100000/min",
        "CACHE_URL": args.redis_url,  # throttles and lockouts shared by both web workers
    }
    seed = setup(env)
    logs = Path(os.environ.get("TMPDIR", "/tmp")) / f"factcheck-load-{os.getpid()}"
    logs.mkdir(parents=True, exist_ok=True)
    port = free_port()
    processes = start_services(env, port, logs)
    results: list = []
    try:
        # Warm up both web workers (timings not counted; its documents' jobs are).
        jobs = phase(port, seed, 2, 0, min(5.0, args.seconds))["ingested"]
        for flooders in (0, args.flood):
            for clients in [int(c) for c in args.clients.split(",")]:
                result = phase(port, seed, clients, flooders, args.seconds)
                jobs += result["ingested"]
                results.append((clients, flooders, result))
                print_row(clients, flooders, result)
        finished = wait_for_jobs(port, seed, jobs)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)
    print(
        f"\ningested {len(jobs)} documents: {finished['succeeded']} jobs succeeded, "
        f"{len(jobs) - finished['succeeded'] - len(finished['unfinished'])} failed, "
        f"{len(finished['unfinished'])} unfinished after 180 s (logs: {logs})"
    )
    print_ratios(results)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def print_row(clients: int, flooders: int, result: dict) -> None:
    errors = result["errors"]
    kinds = ", ".join(f"{k}x{errors.count(k)}" for k in sorted(set(errors))) or "none"
    flood = ""
    if flooders:
        answers = result["flood"]
        summary = ", ".join(f"{k}:{answers.count(k)}" for k in sorted(set(answers)))
        flood = f"  flood: {len(answers)} login posts ({summary})"
    print(
        f"{clients:>3} clients{' + ' + str(flooders) + ' flood' if flooders else '':<10} "
        f"{result['rps']:7.1f} req/s  p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms  "
        f"{result['requests']:6d} requests  errors {len(errors)} ({kinds}){flood}",
        flush=True,
    )
    steps = sorted(result["p99_by_step"].items(), key=lambda item: -item[1])
    print("      p99 by step: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in steps))


def print_ratios(results: list) -> None:
    calm = {clients: r["p99"] for clients, flooders, r in results if not flooders}
    for clients, flooders, result in results:
        if flooders and calm.get(clients):
            ratio = result["p99"] / calm[clients]
            print(f"p99 under the login flood / without, {clients} clients: {ratio:.2f}x")


if __name__ == "__main__":
    main()
