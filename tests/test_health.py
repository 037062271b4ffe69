"""The container health check endpoint."""

import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_whatever_the_host_and_https_settings(client, settings):
    settings.ALLOWED_HOSTS = ["factcheck.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "not used (tasks run in-process)",
    }


@pytest.mark.django_db
def test_other_paths_still_check_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["factcheck.example.org"]
    response = client.get("/accounts/login/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 400
