"""Flooding the API is limited: anonymous requests per address, writes per user; each
answered 429 with Retry-After, counted in the shared cache."""

from __future__ import annotations

from rest_framework.test import APIClient

from tests.factories import ClaimFactory


def test_anonymous_feed_requests_over_the_rate_are_answered_429(db, settings):
    settings.API_ANON_RATE = "5/min"
    reader = APIClient(REMOTE_ADDR="10.4.0.1")
    statuses = [reader.get("/api/v1/public/fact-checks/").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    response = reader.get("/api/v1/public/fact-checks/")
    assert 0 < int(response["Retry-After"]) <= 60
    assert APIClient(REMOTE_ADDR="10.4.0.2").get("/api/v1/public/fact-checks/").status_code == 200


def test_writes_over_the_rate_are_answered_429_per_user(api, settings, researcher, researcher2):
    settings.API_WRITE_RATE = "3/min"
    claim = ClaimFactory(status="researching")
    rita, rob = api("researcher"), api("researcher2")
    url = f"/api/v1/claims/{claim.pk}/comments/"
    statuses = [rita.post(url, {"body": f"note {n}"}, format="json").status_code for n in range(5)]
    assert statuses == [201] * 3 + [429] * 2
    assert int(rita.post(url, {"body": "x"}, format="json")["Retry-After"]) > 0
    # Reads are not writes; another user has their own count.
    assert rita.get(url).status_code == 200
    assert rob.post(url, {"body": "mine"}, format="json").status_code == 201


def test_the_schema_documents_429_with_retry_after_on_every_operation(admin_client):
    schema = admin_client.get("/api/schema/?format=json").json()
    operations = [
        operation
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "responses" in operation
    ]
    assert operations
    for operation in operations:
        assert "Retry-After" in operation["responses"]["429"]["headers"]
