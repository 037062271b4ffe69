"""A gunicorn web worker's memory after 100 mixed page and API requests, with and without
spaCy loaded in it.

    .venv/bin/python bench/rss.py [--requests 100] [--rounds 2]

Starts gunicorn (one sync worker, loopback) on a throwaway SQLite database holding the seed
documents and their claims, serves the mix below as a logged-in editor (pages by session,
API by token), then reads the worker's VmRSS and whether any spaCy module is mapped into it
(/proc/PID/maps). Two variants, alternated round by round: "web" is the app as it starts
("after"); "web + spaCy" loads the pipeline in the worker first (bench/rss_gunicorn.py, as
importing claims.services did before issue 8: the "before" baseline). Target: web < 150 MB.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="factcheck-rss-"))
DATABASE_URL = f"sqlite:///{WORKDIR / 'rss.sqlite3'}"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.pop("CELERY_BROKER_URL", None)  # seeding extracts in this process
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

VARIANTS = {"web": {}, "web + spaCy": {"BENCH_LOAD_SPACY": "1"}}
# Native libraries worth naming when they are mapped into the worker.
HEAVY = ("spacy", "thinc", "numpy", "scipy", "sklearn", "tokenizers", "safetensors")


def seed() -> tuple[str, str, list[str]]:
    """Migrate, ingest the seeds (extracted here), and return (session cookie, API token,
    the URLs of the mix)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from claims.models import Claim, Document
    from claims.roles import EDITORS_GROUP

    call_command("migrate", verbosity=0)
    call_command("setup_roles", verbosity=0)
    call_command("ingest", str(ROOT / "seeds"), verbosity=0)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("bench-editor")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client()
    client.force_login(editor)
    session = client.cookies["sessionid"].value
    token = Token.objects.create(user=editor).key
    document = Document.objects.order_by("pk").first()
    claim = Claim.objects.order_by("-score").first()
    pages = ["/", "/triage/", "/documents/", f"/documents/{document.pk}/", "/fact-checks/"]
    pages.append(f"/claims/{claim.pk}/")
    api = [
        "/api/v1/claims/",
        f"/api/v1/claims/{claim.pk}/",
        "/api/v1/documents/",
        f"/api/v1/documents/{document.pk}/",
        "/api/v1/claims/?status=new&ordering=-score",
    ]
    return session, token, pages + api


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {WORKDIR}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 120 s")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise SystemExit(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def measure(name: str, extra_env: dict, session: str, token: str, urls: list[str], n: int):
    """(RSS MB, heavy libraries mapped, request seconds) of a fresh worker after n requests."""
    port = free_port()
    env = {"SECRET_KEY": "bench-only", **os.environ, **extra_env, "DEBUG": "0"}
    log = (WORKDIR / f"gunicorn-{name.replace(' ', '')}.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--config", str(ROOT / "bench" / "rss_gunicorn.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(port, server)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        started = time.perf_counter()
        for i in range(n):
            url = urls[i % len(urls)]
            headers = {"Cookie": f"sessionid={session}"}
            if url.startswith("/api/"):
                headers = {"Authorization": f"Token {token}"}
            request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers=headers)
            with opener.open(request, timeout=60) as response:
                if response.status != 200:
                    raise SystemExit(f"{url}: {response.status}")
                response.read()
        seconds = time.perf_counter() - started
        pid = worker_pid(server.pid)
        status = Path(f"/proc/{pid}/status").read_text()
        rss_kb = int(next(line.split()[1] for line in status.splitlines() if "VmRSS" in line))
        maps = Path(f"/proc/{pid}/maps").read_text()
        heavy = sorted(name for name in HEAVY if f"/site-packages/{name}/" in maps)
        return rss_kb / 1024, heavy, seconds
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--without", default="", help="leave out the URLs starting with this, e.g. /claims/"
    )
    args = parser.parse_args()
    session, token, urls = seed()
    urls = [url for url in urls if not (args.without and url.startswith(args.without))]
    print(f"{args.requests} requests per run over {len(urls)} URLs (pages and API); db: sqlite")
    results: dict[str, list[tuple[float, list[str], float]]] = {name: [] for name in VARIANTS}
    for round_number in range(args.rounds):
        order = list(VARIANTS) if round_number % 2 == 0 else list(reversed(VARIANTS))
        for name in order:
            results[name].append(measure(name, VARIANTS[name], session, token, urls, args.requests))
    rss = {name: statistics.median(r[0] for r in runs) for name, runs in results.items()}
    for name, runs in results.items():
        heavy = sorted({lib for r in runs for lib in r[1]})
        spacy = "yes" if "spacy" in heavy else "no"
        seconds = statistics.median(r[2] for r in runs)
        print(
            f"{name + ':':<14}worker RSS {rss[name]:6.1f} MB (median of {len(runs)}), "
            f"spaCy in the worker: {spacy}, {args.requests / seconds:5.1f} requests/s; "
            f"mapped: {', '.join(heavy) or 'none of ' + ', '.join(HEAVY)}"
        )
    print(f"ratio web/(web + spaCy): {rss['web'] / rss['web + spaCy']:.2f}  (target: web < 150 MB)")


if __name__ == "__main__":
    main()
