"""Private PostgreSQL and Redis servers, and Celery workers, for fault tests.

Fault tests stop databases and kill workers, so they never touch the machine's shared
PostgreSQL and Redis: each module starts its own cluster (initdb into a temporary folder,
pg_ctl on a free port) and its own redis-server, and talks to them through subprocesses
(`manage.py`, `celery worker`) and psycopg.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing() -> str | None:
    if postgres_bin() is None:
        return "needs PostgreSQL's server binaries (initdb, pg_ctl) for a private cluster"
    if not shutil.which("redis-server"):
        return "needs redis-server for a private Redis"
    if os.geteuid() == 0 and not _postgres_user():
        return "runs as root without a 'postgres' user to own a private cluster"
    return None


def _postgres_user() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


class PrivatePostgres:
    """A throwaway cluster: trust authentication, no fsync, loopback only."""

    def __init__(self):
        self.bin = postgres_bin()
        # A folder of its own under /tmp: the server's user must be able to reach it.
        self.folder = Path(tempfile.mkdtemp(prefix="factcheck-faults-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        user = _postgres_user() if os.geteuid() == 0 else None
        if user is not None:  # initdb refuses to run as root
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self.user = user
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.user is not None:
            command = ["su", self.user.pw_name, "-s", "/bin/sh", "-c", _quote(command)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{tool} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(self.folder / "postgres.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        """Stop at once, as an outage would: clients see their connections drop."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(Exception):  # a test may have left it stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def query(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(self.url, connect_timeout=5, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


def _quote(command: list[str]) -> str:
    return " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)


class PrivateRedis:
    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class Worker:
    """`celery worker -B` (with the sweep) in a process group of its own, so it can be
    killed whole (the main process, its pool child and beat) as an out-of-memory killer or
    a lost machine would."""

    def __init__(self, env: dict[str, str], folder: Path, name: str):
        self.log = folder / f"{name}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-B"]
            + ["--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle"]
            + ["--schedule", str(folder / f"{name}-beat"), "-n", f"{name}@%h"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill_group(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill_group()

    def tail(self) -> str:
        """The log's lines about extraction jobs (not the sweep's routine, nor tracebacks)."""
        if not self.log.exists():
            return ""
        lines = self.log.read_text(errors="replace").splitlines()
        keep = ("extract_document", "Extraction job", "ready.", "Warm shutdown")
        return "\n".join(line for line in lines if any(k in line for k in keep))[-6000:]


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Gunicorn:
    """gunicorn with one sync worker on a free loopback port."""

    def __init__(self, env: dict[str, str], folder: Path):
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{self.port}", "--no-control-socket", "--timeout", "60"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text(errors='replace')}")

    def get(self, path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
