"""The busiest pages run a fixed number of queries, however many claims there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClaimFactory, CommentFactory, DocumentFactory, EvidenceFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _fill_dashboard(n, editor, researcher):
    for _ in range(n):
        ClaimFactory(status="new")
        ClaimFactory(status="researching", assignee=editor)
        ClaimFactory(status="in_review", assignee=researcher, submitted_by=researcher)
        ClaimFactory(published=True, slug="x")


def test_dashboard_queries_do_not_grow_with_claims(client, editor, researcher):
    client.force_login(editor)
    _fill_dashboard(1, editor, researcher)
    few = _queries(client, "/")
    _fill_dashboard(49, editor, researcher)
    many = _queries(client, "/")
    assert many == few
    assert few <= 16


def test_document_page_queries_do_not_grow_with_claims(client, researcher, editor):
    client.force_login(researcher)
    document = DocumentFactory(text="A sentence. " * 400)
    ClaimFactory(document=document, start=0, end=11, assignee=editor)
    few = _queries(client, document.get_absolute_url())
    for i in range(1, 50):
        ClaimFactory(
            document=document,
            start=12 * i,
            end=12 * i + 11,
            assignee=editor,
            status="selected" if i % 2 else "new",
        )
    many = _queries(client, document.get_absolute_url())
    assert many == few
    # The highlighted text's claims, and the sidebar's filtered page (count, rows, team).
    assert few <= 12
    live = _queries(client, f"/documents/{document.pk}/live/")
    assert live <= few


@pytest.mark.parametrize("who", ["researcher", "editor"])
def test_claim_page_queries_do_not_grow(client, who, request, researcher):
    user = request.getfixturevalue(who)
    client.force_login(user)
    claim = ClaimFactory(status="researching", assignee=researcher)
    EvidenceFactory(claim=claim)
    CommentFactory(claim=claim)
    few = _queries(client, claim.get_absolute_url())
    for _ in range(49):
        EvidenceFactory(claim=claim)
        CommentFactory(claim=claim)
        ClaimFactory(document=claim.document)
        ClaimFactory(duplicate_of=claim)
    many = _queries(client, claim.get_absolute_url())
    assert many == few
    assert few <= 25
