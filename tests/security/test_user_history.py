"""Deleting a user never erases who acted: history, comments and evidence protect their
author, and the admin says why and what to do instead (deactivate)."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from claims.models import ClaimEvent, Comment, Evidence
from claims.services import claims as claim_services
from tests.factories import ClaimFactory, UserFactory


@pytest.fixture
def acted(researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    claim_services.claim_comment(claim=claim, actor=researcher, body="Checking the figures.")
    return researcher


def test_a_user_who_acted_cannot_be_deleted(acted):
    with pytest.raises(ProtectedError):
        acted.delete()
    assert ClaimEvent.objects.filter(actor=acted).exists()
    assert Comment.objects.filter(author=acted).exists()


def test_evidence_keeps_who_added_it(researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    claim_services.claim_add_evidence(
        claim=claim, actor=researcher, url="https://example.org/report", stance="supports"
    )
    ClaimEvent.objects.all().delete()  # even with no history row, the evidence names them
    with pytest.raises(ProtectedError):
        researcher.delete()
    assert Evidence.objects.get().added_by == researcher


def test_a_user_who_never_acted_can_still_be_deleted(db):
    UserFactory(username="typo").delete()


def test_the_admin_explains_the_refusal_and_suggests_deactivating(client, superuser, acted):
    client.force_login(superuser)
    page = client.get(f"/admin/auth/user/{acted.pk}/delete/")
    assert "cannot be deleted" in page.content.decode()
    assert "deactivate the account" in page.content.decode()
    response = client.post(f"/admin/auth/user/{acted.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the refusal page again, nothing deleted
    assert type(acted).objects.filter(pk=acted.pk).exists()


def test_the_admin_bulk_delete_explains_the_refusal(client, superuser, acted):
    client.force_login(superuser)
    page = client.post(
        "/admin/auth/user/", {"action": "delete_selected", "_selected_action": [acted.pk]}
    )
    assert "deactivate the account" in page.content.decode()
