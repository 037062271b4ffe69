"""With kept database connections (DATABASE_CONN_MAX_AGE), the first request after a
PostgreSQL restart is answered, not a 500: connections are health-checked before reuse."""

from __future__ import annotations

import pytest

from tests.faults.services import Gunicorn

pytestmark = pytest.mark.faults


def test_the_first_request_after_a_database_restart_is_answered(services):
    postgres, _, env, folder = services
    web = Gunicorn({**env, "DATABASE_CONN_MAX_AGE": "600"}, folder)
    try:
        assert web.get("/fact-checks/") == 200  # the worker now keeps a connection
        postgres.stop()
        postgres.start()
        assert web.get("/fact-checks/") == 200
        assert web.get("/healthz") == 200
    finally:
        web.stop()
