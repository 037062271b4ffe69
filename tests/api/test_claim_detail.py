"""The claim detail, read in one raw query written from the models (claims.selectors.rawrows:
the claim LEFT JOIN its evidence), answers what two plain ORM queries give: same columns,
same converted values, evidence oldest first, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.api import resources as r
from claims.models import Claim, Evidence
from claims.selectors import claim_detail_row
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db


def claim_detail(pk: int) -> dict | None:
    return claim_detail_row(pk, r.CLAIM_DETAIL_COLUMNS, r.EVIDENCE_COLUMNS)


def orm_detail(pk: int) -> dict:
    row = Claim.objects.values(*r.CLAIM_DETAIL_COLUMNS).get(pk=pk)
    row["evidence"] = list(
        Evidence.objects.filter(claim_id=pk).order_by("added_at", "id").values(*r.EVIDENCE_COLUMNS)
    )
    return row


def test_detail_matches_the_orm(researcher):
    claim = ClaimFactory(
        researching=True,
        assignee=researcher,
        submitted_by=UserFactory(),
        due_at=timezone.now() + timedelta(days=2),
        reasons=["number", "comparison"],
        entities=[{"text": "Ohio", "label": "GPE"}],
    )
    now = timezone.now()
    for minutes, added_by in [(5, researcher), (1, None), (3, researcher)]:
        EvidenceFactory(claim=claim, added_at=now - timedelta(minutes=minutes), added_by=added_by)
    detail = claim_detail(claim.pk)
    assert detail == orm_detail(claim.pk)
    assert [e["added_at"] for e in detail["evidence"]] == sorted(
        e["added_at"] for e in detail["evidence"]
    )
    assert detail["reasons"] == ["number", "comparison"]
    assert detail["is_quote"] in (True, False)
    assert timezone.is_aware(detail["created_at"])


def test_detail_without_evidence_or_relations():
    claim = ClaimFactory(assignee=None, rating=None)
    detail = claim_detail(claim.pk)
    assert detail == orm_detail(claim.pk)
    assert detail["evidence"] == []
    assert detail["assignee__id"] is None


def test_two_queries_whatever_the_evidence():
    """The claim, then its evidence: not joined, so the claim's columns never repeat."""
    claim = ClaimFactory()
    for _ in range(7):
        EvidenceFactory(claim=claim)
    with CaptureQueriesContext(connection) as queries:
        assert len(claim_detail(claim.pk)["evidence"]) == 7
    assert len(queries) == 2


@pytest.mark.parametrize("pk", ["0", "-3", "abc", "1.5", str(2**63), str(2**70), "999999"])
def test_no_such_claim_is_404(api, researcher, pk):
    ClaimFactory()
    response = api("researcher").get(f"/api/v1/claims/{pk}/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_no_such_claim_is_none():
    assert claim_detail(10**9) is None
