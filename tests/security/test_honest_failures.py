"""Every failure is an honest answer: JSON under /api/ (404, 500 and 503 included), a 503
with Retry-After when the database cannot be reached, and a production start without a
SECRET_KEY refused with a clear message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path
from kombu import Connection

from factcheck import failures

ROOT = Path(__file__).resolve().parent.parent.parent


def boom(request):
    raise RuntimeError("a bug")


def enqueue_without_broker(request):
    """What a view meets when Redis is down: kombu's error from a real connection attempt
    (port 9 is closed here)."""
    Connection("redis://127.0.0.1:9/0", connect_timeout=1).ensure_connection(max_retries=1)
    return HttpResponse("sent")


urlpatterns = [
    path("api/v1/boom/", boom),
    path("pages/boom/", boom),
    path("api/v1/enqueue/", enqueue_without_broker),
    path("", include("factcheck.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_error_under_api_is_a_json_500(db):
    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "logged" in response.json()["detail"]


@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_error_on_a_page_stays_an_html_500(db):
    response = Client(raise_request_exception=False).get("/pages/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


@override_settings(ROOT_URLCONF=__name__)
def test_an_unreachable_broker_is_a_json_503_with_retry_after(db, settings):
    response = Client(raise_request_exception=False).get("/api/v1/enqueue/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.UNAVAILABLE_RETRY_AFTER)
    assert "unavailable" in response.json()["detail"]


def test_an_unknown_api_address_is_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(DJANGO_SETTINGS_MODULE="factcheck.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


REQUEST_WITHOUT_DATABASE = """
import django, json
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for url in ("/api/v1/claims/", "/fact-checks/"):
    r = client.get(url, HTTP_AUTHORIZATION="Token " + "a" * 40)
    print(json.dumps([url, r.status_code, r.get("Retry-After"), r["Content-Type"],
                      r.content.decode()[:200]]))
"""


def test_an_unreachable_database_is_a_503_with_retry_after():
    # A PostgreSQL address where nothing listens (port 9 is "discard": closed here).
    result = run_django(
        REQUEST_WITHOUT_DATABASE,
        DATABASE_URL="postgres://postgres@127.0.0.1:9/none",
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("[")]
    (api_url, api_status, api_retry, api_type, api_body), page = answers
    assert (api_status, api_type) == (503, "application/json")
    assert int(api_retry) > 0 and "unavailable" in json.loads(api_body)["detail"]
    assert page[1] == 503 and int(page[2]) > 0 and page[3].startswith("text/html")


@pytest.mark.parametrize("env", [{"DEBUG": "0"}, {"HTTPS": "1"}])
def test_a_production_start_without_secret_key_is_refused_with_a_clear_message(env):
    result = run_django("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_development_without_secret_key_still_starts():
    assert run_django("import django; django.setup()").returncode == 0


def test_the_500_handler_answers_503_for_an_unreachable_service_met_outside_a_view(rf):
    """Django calls handler500 inside its except block: an error a middleware met (no
    process_exception runs for those) is still told apart."""
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = failures.server_error(rf.get("/api/v1/claims/"))
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = failures.server_error(rf.get("/api/v1/claims/"))
    assert response.status_code == 500 and b"logged" in response.content
