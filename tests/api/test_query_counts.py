"""The claim list and detail cost a fixed number of queries, whatever the page size or the
number of evidence rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClaimFactory, DocumentFactory, EvidenceFactory, UserFactory, rating

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.fixture
def many_claims(researcher):
    documents = [DocumentFactory() for _ in range(5)]
    assignees = [UserFactory(role="researcher") for _ in range(3)]
    for i in range(60):
        claim = ClaimFactory(
            document=documents[i % 5],
            assignee=assignees[i % 3] if i % 2 else None,
            rating=rating() if i % 4 == 0 else None,
            score=(i % 10) / 10,
        )
        if i % 3 == 0:
            EvidenceFactory(claim=claim)


def test_claim_list_queries_do_not_grow_with_page_size(api, many_claims):
    client = api("researcher")
    small = count_queries(client, "/api/v1/claims/?page_size=5")
    large = count_queries(client, "/api/v1/claims/?page_size=50")
    # The token with its user and the user's permissions (the roles), the page.
    assert small == large == 2


def test_claim_list_with_filters_and_cursor_is_still_one_query(api, many_claims):
    client = api("researcher")
    next_url = client.get("/api/v1/claims/?page_size=5&status=new").json()["next"]
    assert count_queries(client, next_url) == 2
    assert count_queries(client, "/api/v1/claims/?page_size=50&q=unemployment&mine=true") == 2


def test_claim_detail_queries_do_not_grow_with_evidence(api, researcher):
    few = ClaimFactory(researching=True, assignee=researcher)
    many = ClaimFactory(researching=True, assignee=researcher)
    for _ in range(20):
        EvidenceFactory(claim=many)
    client = api("researcher")
    assert (
        count_queries(client, f"/api/v1/claims/{few.pk}/")
        == count_queries(client, f"/api/v1/claims/{many.pk}/")
        == 3
    )  # the token with its user and permissions; the claim with its joins; its evidence


def test_document_list_queries_do_not_grow_with_page_size(api, researcher):
    for _ in range(30):
        ClaimFactory()
    client = api("researcher")
    assert count_queries(client, "/api/v1/documents/?page_size=5") == count_queries(
        client, "/api/v1/documents/?page_size=30"
    )


def test_public_feed_queries_do_not_grow_with_page_size(api):
    for _ in range(12):
        ClaimFactory(published=True)
    client = api("anonymous")
    assert count_queries(client, "/api/v1/public/fact-checks/?page_size=2") == count_queries(
        client, "/api/v1/public/fact-checks/?page_size=12"
    )
