"""GET /api/v1/stats/: the same numbers as the page, as JSON."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_editor_gets_the_numbers(api, researcher):
    ClaimFactory(created_at=timezone.now() - timedelta(days=2))
    ClaimFactory(created_at=timezone.now() - timedelta(days=20), assignee=researcher)
    body = api("editor").get("/api/v1/stats/?days=7").json()
    assert body["period"]["days"] == 7 and len(body["days"]) == 7
    assert body["totals"]["found"] == 1
    assert {t["step"] for t in body["timings"]} == {"selection", "submission", "publication"}
    assert body["jobs"] == {"count": 0, "failed": 0, "median_seconds": None}
    assert api("editor").get("/api/v1/stats/?days=30").json()["totals"]["found"] == 2
    assert api("researcher").get("/api/v1/stats/?days=30").json()["totals"]["found"] == 1


def test_bad_parameters_answer_400_naming_the_field(api):
    response = api("editor").get("/api/v1/stats/?days=5")
    assert response.status_code == 400 and "days" in response.json()
    response = api("editor").get("/api/v1/stats/?start=2026-01-01")
    assert response.status_code == 400 and "end" in response.json()


def test_only_the_team(api):
    assert api("anonymous").get("/api/v1/stats/").status_code == 401
    assert api("outsider").get("/api/v1/stats/").status_code == 403


def test_in_the_schema(api):
    paths = api("anonymous").get("/api/schema/?format=json").json()["paths"]
    params = {p["name"] for p in paths["/api/v1/stats/"]["get"]["parameters"]}
    assert {"days", "start", "end", "speaker", "source"} <= params
