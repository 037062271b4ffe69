"""With CACHE_URL pointing at Redis, the throttle counters one process writes are the ones
another process reads: every gunicorn worker sees the same guesses."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from factcheck import ratelimit
from tests.conftest import REDIS_URL

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.redis

OTHER_WORKER = """
import django
django.setup()
from factcheck import ratelimit
import sys
print(ratelimit.count("token-failure", sys.argv[1], 900))
"""


def test_another_process_reads_the_same_counts(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    client = f"test-{uuid.uuid4()}"  # a key no other run of this test shares
    for _ in range(3):
        ratelimit.record("token-failure", client, 900)
    env = {**os.environ, "CACHE_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    other = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, client],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert other.returncode == 0, other.stderr[-2000:]
    assert other.stdout.split()[-1] == "3"  # the keys expire with their window
