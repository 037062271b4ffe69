"""Fixtures for fault tests: a private PostgreSQL cluster and Redis per module."""

from __future__ import annotations

import os

import pytest

from tests.faults.services import PrivatePostgres, PrivateRedis, manage


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    """(postgres, redis, env for subprocesses, folder). Tests marked `faults` are skipped
    (failed under CI=true) by tests/conftest.py where the binaries are missing."""
    folder = tmp_path_factory.mktemp("faults")
    postgres = PrivatePostgres()
    postgres.start()
    redis = PrivateRedis(folder)
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "CELERY_BROKER_URL": redis.url,
        "REDIS_URL": redis.url,
        "DEBUG": "0",
        "SECRET_KEY": "fault-tests-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    manage(env, "migrate", "--no-input")
    yield postgres, redis, env, folder
    redis.stop()
    postgres.remove()
