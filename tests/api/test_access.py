"""Every endpoint for every member of the cast, anonymous included: who gets what."""

from __future__ import annotations

import pytest

from tests.api.conftest import ROLES
from tests.factories import ClaimFactory, CommentFactory, DocumentFactory, rating

pytestmark = pytest.mark.django_db

TEAM = {"researcher", "editor", "superuser"}


def expected_read(role: str, *, team_only: bool = True) -> int:
    if role == "anonymous":
        return 401
    if team_only and role not in TEAM:
        return 403
    return 200


@pytest.fixture
def world(researcher):
    claim = ClaimFactory(researching=True, assignee=researcher)
    CommentFactory(claim=claim)
    published = ClaimFactory(published=True, slug="mayor-budget")
    job = claim.document.jobs.create(extractor_version="test")
    return {"claim": claim, "published": published, "document": claim.document, "job": job}


TEAM_READS = [
    "/api/v1/claims/",
    "/api/v1/claims/{claim}/",
    "/api/v1/claims/{claim}/transitions/",
    "/api/v1/claims/{claim}/evidence/",
    "/api/v1/claims/{claim}/comments/",
    "/api/v1/claims/{claim}/history/",
    "/api/v1/claims/{claim}/similar/",
    "/api/v1/documents/",
    "/api/v1/documents/{document}/",
    "/api/v1/jobs/",
    "/api/v1/jobs/{job}/",
    "/api/v1/ratings/",
    "/api/v1/ratings/{rating}/",
    "/api/v1/search/?q=unemployment",
    "/api/v1/suggestions/",
    "/api/v1/external-fact-checks/",
]
OWN_READS = ["/api/v1/me/", "/api/v1/notifications/"]
PUBLIC_READS = [
    "/api/v1/public/fact-checks/",
    "/api/v1/public/fact-checks/{published}/",
    "/api/v1/public/fact-checks/mayor-budget/",
    "/api/schema/",
    "/api/docs/",
]


def _url(template: str, world) -> str:
    return template.format(
        claim=world["claim"].pk,
        published=world["published"].pk,
        document=world["document"].pk,
        job=world["job"].pk,
        rating=rating("false").pk,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", TEAM_READS)
def test_team_reads_are_for_researchers_and_editors(api, world, role, url):
    response = api(role).get(_url(url, world))
    assert response.status_code == expected_read(role), response.content
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == "Token"
    if response.status_code in (401, 403):
        assert response.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", OWN_READS)
def test_own_account_and_notifications_are_for_anyone_logged_in(api, world, role, url):
    response = api(role).get(url)
    assert response.status_code == expected_read(role, team_only=False)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", PUBLIC_READS)
def test_public_feed_schema_and_docs_need_no_login(api, world, role, url):
    response = api(role).get(_url(url, world))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_public_feed_ignores_bad_credentials(api, world, role):
    client = api("anonymous")
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/public/fact-checks/").status_code == 200


def _write_cases(world, users):
    claim, new = world["claim"], ClaimFactory(new=True)
    return {
        "transition": (
            "post",
            f"/api/v1/claims/{new.pk}/transition/",
            {"to": "selected", "version": new.version},
        ),
        "patch": ("patch", f"/api/v1/claims/{new.pk}/", {"priority": 3, "version": new.version}),
        "assign": (
            "post",
            f"/api/v1/claims/{ClaimFactory(new=True).pk}/assign/",
            {"assignee": "me", "version": 1},
        ),
        "verdict": (
            "post",
            f"/api/v1/claims/{claim.pk}/verdict/",
            {"rating": rating("true").pk, "verdict_summary": "Right.", "version": claim.version},
        ),
        "evidence": (
            "post",
            f"/api/v1/claims/{claim.pk}/evidence/",
            {"url": "https://stats.example.org/x", "stance": "supports"},
        ),
        "comment": ("post", f"/api/v1/claims/{claim.pk}/comments/", {"body": "Checked."}),
        "duplicate": (
            "post",
            f"/api/v1/claims/{ClaimFactory(new=True).pk}/duplicate/",
            {"duplicate_of": claim.pk, "version": 1},
        ),
        "bulk": (
            "post",
            "/api/v1/claims/bulk/",
            {"ids": [ClaimFactory(new=True).pk], "action": "transition", "to": "selected"},
        ),
        "reextract": ("post", f"/api/v1/documents/{DocumentFactory().pk}/reextract/", {}),
    }


# What each role gets for each write: the researcher is the claim's assignee.
WRITE_EXPECTED = {
    "transition": {"outsider": 403, "researcher": 200, "editor": 200, "superuser": 200},
    "patch": {"outsider": 403, "researcher": 200, "editor": 200, "superuser": 200},
    "assign": {"outsider": 403, "researcher": 200, "editor": 200, "superuser": 200},
    "verdict": {"outsider": 403, "researcher": 200, "editor": 200, "superuser": 200},
    "evidence": {"outsider": 403, "researcher": 201, "editor": 201, "superuser": 201},
    "comment": {"outsider": 403, "researcher": 201, "editor": 201, "superuser": 201},
    "duplicate": {"outsider": 403, "researcher": 200, "editor": 200, "superuser": 200},
    "bulk": {"outsider": 403, "researcher": 200, "editor": 200, "superuser": 200},
    "reextract": {"outsider": 403, "researcher": 202, "editor": 202, "superuser": 202},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(WRITE_EXPECTED))
def test_writes_by_role(api, world, researcher, role, case):
    method, url, body = _write_cases(world, researcher)[case]
    response = getattr(api(role), method)(url, body, format="json")
    expected = 401 if role == "anonymous" else WRITE_EXPECTED[case][role]
    assert response.status_code == expected, response.content
    if expected == 200 and case == "bulk":
        assert response.json()["refused"] == []


def test_editor_only_steps_are_refused_to_a_researcher_with_403(api, researcher):
    claim = ClaimFactory(in_review=True, assignee=researcher)
    response = api("researcher").post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"to": "approved", "version": claim.version},
        format="json",
    )
    assert response.status_code == 403
    assert "editor" in response.json()["detail"]


def test_session_writes_need_csrf(client, researcher):
    from rest_framework.test import APIClient

    session = APIClient(enforce_csrf_checks=True)
    session.force_login(researcher)
    claim = ClaimFactory(new=True)
    response = session.post(
        f"/api/v1/claims/{claim.pk}/transition/", {"to": "selected", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert session.get("/api/v1/claims/").status_code == 200
