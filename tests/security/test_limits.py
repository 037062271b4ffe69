"""Free text and evidence rows have limits (settings LIMIT_*): over one, the API answers 400
naming the field and the pages put the error on it; nothing is written."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimEvent, Comment, Evidence
from tests.factories import ClaimFactory, EvidenceFactory


@pytest.fixture
def small_limits(settings):
    settings.LIMIT_VERDICT_EXPLANATION = 100
    settings.LIMIT_EVIDENCE_EXCERPT = 50
    settings.LIMIT_COMMENT = 40
    settings.LIMIT_NOTE = 30
    settings.LIMIT_EVIDENCE_PER_CLAIM = 3
    return settings


@pytest.fixture
def claim(editor):
    return ClaimFactory(status="researching", assignee=editor)


@pytest.fixture
def editor_api(api, editor):
    return api("editor")


def events(claim) -> int:
    return ClaimEvent.objects.filter(claim=claim).count()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("verdict/", {"rating": None, "verdict_explanation": "x" * 101}, "verdict_explanation"),
        ("verdict/", {"rating": None, "verdict_summary": "x" * 501}, "verdict_summary"),
        ("evidence/", {"url": "https://example.org/", "excerpt": "x" * 51}, "excerpt"),
        ("comments/", {"body": "x" * 41}, "body"),
        ("transition/", {"to": "in_review", "note": "x" * 31}, "note"),
    ],
)
def test_text_over_its_limit_is_400_naming_the_field(
    editor_api, small_limits, claim, path, body, field
):
    before = events(claim)
    response = editor_api.post(
        f"/api/v1/claims/{claim.pk}/{path}", {**body, "version": claim.version}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "longer than" in response.json()[field][0]
    assert events(claim) == before
    claim.refresh_from_db()
    assert claim.verdict_explanation == "" and claim.status == "researching"


def test_a_twelve_megabyte_explanation_is_refused_at_the_default_limit(editor_api, claim):
    response = editor_api.post(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": None, "verdict_explanation": "x" * 12_000_000, "version": claim.version},
        format="json",
    )
    assert response.status_code == 400
    assert "20,000 characters" in response.json()["verdict_explanation"][0]


def test_evidence_rows_per_claim_are_limited(editor_api, small_limits, claim):
    url = f"/api/v1/claims/{claim.pk}/evidence/"
    statuses = [
        editor_api.post(url, {"url": f"https://example.org/{n}"}, format="json").status_code
        for n in range(4)
    ]
    assert statuses == [201, 201, 201, 400]
    response = editor_api.post(url, {"url": "https://example.org/x"}, format="json")
    assert "the most it can have" in response.json()["evidence"][0]
    assert Evidence.objects.filter(claim=claim).count() == 3


def test_the_pages_put_the_limit_on_the_field(client, editor, small_limits, claim):
    client.force_login(editor)
    response = client.post(
        f"/claims/{claim.pk}/comment/", {"body": "x" * 41}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "longer than 40 characters" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_claim_detail_reads_evidence_in_its_own_query(editor_api, claim):
    """The claim's columns are not repeated per evidence row: one query for the claim, one
    for its evidence, whatever the number of rows."""
    for n in range(5):
        EvidenceFactory(claim=claim, url=f"https://example.org/{n}")
    with CaptureQueriesContext(connection) as queries:
        response = editor_api.get(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 200 and len(response.json()["evidence"]) == 5
    evidence_sql = [q["sql"] for q in queries if "claims_evidence" in q["sql"]]
    assert evidence_sql and all("verdict_explanation" not in sql for sql in evidence_sql)
