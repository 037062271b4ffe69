"""Schemathesis against the live app: a real gunicorn process on loopback, over PostgreSQL,
authenticated with a token, over the whole published schema.

The server gets its own database (the test database's name + "_fuzz"), created, migrated and
seeded here and dropped afterwards, so the fuzzer's writes never meet other tests' data.
Examples per operation are limited to keep the run within a few minutes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "15"))
RUN_TIMEOUT = 240
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)

SEED = """
from rest_framework.authtoken.models import Token
from tests.factories import ClaimFactory, CommentFactory, UserFactory

editor = UserFactory(username="fuzzer", role="editor")
researcher = UserFactory(username="fuzzed", role="researcher")
for status in ["new", "new", "selected", "researching", "in_review", "approved",
               "published", "dismissed"]:
    claim = ClaimFactory(**{status: True}, assignee=None if status == "new" else researcher)
    CommentFactory(claim=claim)
print(Token.objects.create(user=editor).key)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on {port} within {seconds}s")


@pytest.fixture
def fuzz_database(django_db_blocker):
    """A migrated, seeded database of its own; yields (DATABASE_URL, token)."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_fuzz"[:63]
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    url = f"postgres://{user}{password}@{host}:{port}/{name}"

    def admin(sql: str) -> None:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": "", "DEBUG": ""}
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
        seeded = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SEED],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=60,
            capture_output=True,
            text=True,
        )
        yield env, seeded.stdout.strip().splitlines()[-1]
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.fuzz
def test_schemathesis_finds_no_server_error_or_schema_violation(fuzz_database, tmp_path):
    env, token = fuzz_database
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "factcheck.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--limit-request-line",
            "0",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(port, server)
        run = subprocess.run(
            [
                str(BIN / "schemathesis"),
                "run",
                f"http://127.0.0.1:{port}/api/schema/?format=json",
                "--header",
                f"Authorization: Token {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                str(MAX_EXAMPLES),
                "--workers",
                "4",
                "--no-shrink",
                "--request-timeout",
                "30",
                "--max-failures",
                "20",
            ],
            cwd=tmp_path,
            env={**os.environ, "NO_COLOR": "1"},
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    server_log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert run.returncode == 0, (
        f"schemathesis failed:\n{run.stdout[-15000:]}\n{run.stderr[-3000:]}\n"
        f"--- server log ---\n{server_log[-5000:]}"
    )
    assert "Traceback" not in server_log, server_log[-5000:]
