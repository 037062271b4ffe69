"""The admin's corrections (issue 12): a claim's wording, a document's details, each
through its service with the history row's old and new values."""

import pytest
from django.urls import reverse

from claims.models import EventAction
from claims.workflow import Status
from tests.factories import ClaimFactory, DocumentFactory
from tests.test_admin import _claim_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _document_form(document, **changes):
    form = {
        "title": document.title,
        "url": document.url or "",
        "publisher": document.publisher,
        "author": document.author,
        "published_at": "",
        "published_tz": document.published_tz,
        "kind": document.kind,
        "jobs-TOTAL_FORMS": 0,
        "jobs-INITIAL_FORMS": 0,
        "jobs-MIN_NUM_FORMS": 0,
        "jobs-MAX_NUM_FORMS": 1000,
    }
    form.update(changes)
    return form


def test_the_admin_edits_the_wording_through_the_service(admin_client):
    claim = ClaimFactory(status=Status.SELECTED, text="She said prices doubled.")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = admin_client.post(url, _claim_form(claim, claim_text="Prices doubled"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.wording, claim.text) == ("Prices doubled", "She said prices doubled.")
    event = claim.events.get(action=EventAction.UPDATED)
    assert event.data == {"claim_text": ["She said prices doubled.", "Prices doubled"]}


def test_the_admin_edits_document_details_with_history_on_each_claim(admin_client, superuser):
    document = DocumentFactory(title="Old")
    claim = ClaimFactory(document=document)
    url = reverse("admin:claims_document_change", args=[document.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    response = admin_client.post(
        url,
        _document_form(
            document,
            title="Budget speech",
            published_at="2026-03-01T09:30:00+01:00",
            text="Rewritten text",  # not a field of the change form: ignored
        ),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Budget speech" and document.text.startswith("Document number")
    assert document.published_tz == "+01:00"
    event = claim.events.get(action=EventAction.UPDATED)
    assert event.actor == superuser
    assert event.data == {
        "document_title": ["Old", "Budget speech"],
        "document_published_at": [None, "2026-03-01T09:30:00+01:00"],
        "document_published_tz": ["", "+01:00"],
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("published_at", "1st of March"), ("published_tz", "Atlantis/Capital")],
)
def test_bad_document_details_in_the_admin_show_on_the_field(admin_client, field, value):
    document = DocumentFactory(title="Old")
    claim = ClaimFactory(document=document)
    url = reverse("admin:claims_document_change", args=[document.pk])
    response = admin_client.post(url, _document_form(document, title="New", **{field: value}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    document.refresh_from_db()
    assert document.title == "Old"
    assert not claim.events.exists()


def test_an_editor_fixes_a_verdict_in_review_in_the_admin_and_cannot_approve_it(
    admin_client, superuser
):
    from claims.services import claims as claim_services
    from claims.workflow import WorkflowError

    claim = ClaimFactory(in_review=True)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = _claim_form(claim, verdict_summary="Unemployment was 4.1 percent.")
    assert admin_client.post(url, form).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW
    fix = claim.events.get(action=EventAction.VERDICT)
    assert fix.actor == superuser
    assert fix.data["from"]["summary"] == "Unemployment was 4.1 percent, not 3.9."
    assert fix.data["summary"] == "Unemployment was 4.1 percent."
    with pytest.raises(WorkflowError, match="you wrote it"):
        claim_services.claim_transition(claim=claim, to=Status.APPROVED, actor=superuser)
