"""Shared fixtures: the fixed cast, and the skip-or-fail rule for tests that need services.

A test that needs a service this machine lacks (Postgres, Redis, a Celery worker,
Chromium, the packaged sentence encoder) is skipped with the reason on a bare machine, and
fails under CI=true, so CI never silently skips real-service tests.
"""

from __future__ import annotations

import os
import shutil
import socket
from functools import cache
from urllib.parse import urlsplit

import pytest
from django.db import connection

from claims.matching.encoder import EncoderUnavailable, default_model_directory
from tests.factories import UserFactory
from tests.faults.services import missing as fault_services_missing

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@cache
def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 1):
            return True
    except OSError:
        return False


def _postgres_missing() -> str | None:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)"
    return None


def _redis_missing() -> str | None:
    return None if _reachable(REDIS_URL) else f"needs Redis at {REDIS_URL}"


def _browser_missing() -> str | None:
    if not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        return "needs Debian's chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs the playwright Python package"
    return None


def _encoder_missing() -> str | None:
    try:
        default_model_directory()
    except EncoderUnavailable as error:
        return f"needs the sentence encoder package ({error})"
    return None


REQUIREMENTS = {
    "postgres": [_postgres_missing],
    "redis": [_redis_missing],
    "celery_worker": [_postgres_missing, _redis_missing],
    "browser": [_browser_missing],
    "encoder": [_encoder_missing],
    "faults": [fault_services_missing],
}


# Tests that start processes or a browser, or generate inputs by the hundred: `make test-fast`
# deselects them (-m "not slow"); `make test` and CI run them.
SLOW_MARKERS = ("browser", "celery_worker", "fuzz", "faults")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(name) for name in SLOW_MARKERS):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, checks in REQUIREMENTS.items():
        if item.get_closest_marker(marker) is None:
            continue
        for check in checks:
            reason = check()
            if reason:
                if IN_CI:
                    pytest.fail(f"CI=true but this test {reason}", pytrace=False)
                pytest.skip(reason)


# --- The fixed cast ---


@pytest.fixture
def researcher(db):
    return UserFactory(username="rita", role="researcher")


@pytest.fixture
def researcher2(db):
    return UserFactory(username="rob", role="researcher")


@pytest.fixture
def editor(db):
    return UserFactory(username="eddie", role="editor")


@pytest.fixture
def editor2(db):
    return UserFactory(username="erin", role="editor")


@pytest.fixture
def outsider(db):
    """Logged in, but with no role in the newsroom."""
    return UserFactory(username="otto")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tests run tasks in-process (same code path) unless they start a real worker."""
    from factcheck.celery import app

    previous = app.conf["CELERY_TASK_ALWAYS_EAGER"]
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=True)
    yield
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=previous)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The default hasher is slow on purpose; tests don't need that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_match_index():
    """Each test's database starts empty (ids may be reused): no index from an earlier one."""
    from claims.search import match_index_reset

    match_index_reset()
    yield
    match_index_reset()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Throttle and rate-limit counters live in the cache: each test starts from zero, so
    one test's requests never throttle another's (ids and addresses repeat across tests)."""
    from django.core.cache import cache

    cache.clear()
