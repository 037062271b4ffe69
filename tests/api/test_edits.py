"""The API's corrections (issue 12): a claim's wording, a missed claim, a document's details;
each with the history row's old and new values, and bad input as a 400 naming the field with
nothing saved."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimEvent, Document, EventAction
from claims.workflow import Status
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db

TEXT = "The mayor spoke. Crime fell by 20% last year. Then it rained."


def test_patch_sets_the_wording_and_keeps_the_span(api):
    claim = ClaimFactory(status=Status.SELECTED, text="He said crime fell by 20%.")
    response = api("researcher").patch(
        f"/api/v1/claims/{claim.pk}/",
        {"claim_text": "Crime fell by 20% in 2025", "version": claim.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["claim_text"], body["text"]) == (
        "Crime fell by 20% in 2025",
        "He said crime fell by 20%.",
    )
    assert body["version"] == claim.version + 1
    event = ClaimEvent.objects.get(claim=claim, action=EventAction.UPDATED)
    assert event.data == {"claim_text": ["He said crime fell by 20%.", "Crime fell by 20% in 2025"]}


@pytest.mark.parametrize("wording", ["", "x" * 10_000])
def test_an_empty_or_huge_wording_is_a_400_naming_the_field(api, wording):
    claim = ClaimFactory(status=Status.SELECTED)
    response = api("researcher").patch(
        f"/api/v1/claims/{claim.pk}/",
        {"claim_text": wording, "version": claim.version},
        format="json",
    )
    assert response.status_code == 400
    assert "claim_text" in response.json()
    claim.refresh_from_db()
    assert (claim.claim_text, claim.version) == ("", 1)
    assert not claim.events.exists()


def test_a_stale_wording_edit_is_a_409(api):
    claim = ClaimFactory(status=Status.SELECTED)
    response = api("researcher").patch(
        f"/api/v1/claims/{claim.pk}/", {"claim_text": "New", "version": 7}, format="json"
    )
    assert response.status_code == 409


def test_post_adds_a_claim_from_a_span_or_its_text(api):
    document = DocumentFactory(text=TEXT)
    start = TEXT.index("Crime")
    client = api("researcher")
    response = client.post(
        "/api/v1/claims/",
        {"document": document.pk, "start": start, "end": start + 28},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["text"], body["start"], body["status"]) == (
        "Crime fell by 20% last year.",
        start,
        "new",
    )
    response = client.post(
        "/api/v1/claims/", {"document": document.pk, "text": "Then it rained."}, format="json"
    )
    assert response.status_code == 201
    assert Claim.objects.filter(document=document).count() == 2
    assert ClaimEvent.objects.filter(action=EventAction.ADDED).count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": 0, "end": len(TEXT) + 5}, "end"),
        ({"start": 5}, "end"),
        ({"text": "Not in it."}, "text"),
        ({"text": "fell by 20%"}, "text"),  # overlaps the existing claim
        ({}, "text"),
    ],
)
def test_bad_claim_input_is_a_400_naming_the_field_and_nothing_saved(api, payload, field):
    document = DocumentFactory(text=TEXT)
    existing = ClaimFactory(document=document, start=17, end=45)
    response = api("researcher").post(
        "/api/v1/claims/", {"document": document.pk, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    if payload.get("text") == "fell by 20%":
        assert f"claim {existing.pk}" in str(response.json()[field])
    assert list(Claim.objects.filter(document=document)) == [existing]


def test_a_claim_in_a_document_that_does_not_exist_is_a_400(api):
    response = api("researcher").post(
        "/api/v1/claims/", {"document": 999999, "text": "x"}, format="json"
    )
    assert response.status_code == 400 and "document" in response.json()


def test_patch_document_details_with_the_date_in_its_offset_in_and_out(api):
    document = DocumentFactory(text=TEXT, title="Old")
    claim = ClaimFactory(document=document, start=17, end=45)
    response = api("editor").patch(
        f"/api/v1/documents/{document.pk}/",
        {"title": "Council meeting", "published_at": "2026-03-04T21:30:00-05:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["title"] == "Council meeting"
    assert body["published_at"] == "2026-03-04T21:30:00-05:00"
    assert body["published_tz"] == "-05:00"
    event = claim.events.get(action=EventAction.UPDATED)
    assert event.data["document_title"] == ["Old", "Council meeting"]
    assert event.data["document_published_at"] == [None, "2026-03-04T21:30:00-05:00"]
    detail = api("editor").get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["document"]["published_at"] == "2026-03-04T21:30:00-05:00"


def test_a_named_time_zone_reads_a_local_time(api):
    document = DocumentFactory(text=TEXT)
    response = api("editor").patch(
        f"/api/v1/documents/{document.pk}/",
        {"published_at": "2026-07-04T09:00", "published_tz": "Europe/London"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["published_at"] == "2026-07-04T09:00:00+01:00"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"published_at": "04/03/2026 9pm"}, "published_at"),
        ({"published_at": "2026-13-01"}, "published_at"),
        ({"published_tz": "Europe/Atlantis"}, "published_tz"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"kind": "poem"}, "kind"),
    ],
)
def test_bad_document_details_are_a_400_naming_the_field_and_nothing_saved(api, payload, field):
    document = DocumentFactory(text=TEXT, title="Old")
    ClaimFactory(document=document, start=17, end=45)
    response = api("editor").patch(
        f"/api/v1/documents/{document.pk}/", {"title": "New", **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    document = Document.objects.get(pk=document.pk)
    assert (document.title, document.published_at, document.published_tz) == ("Old", None, "")
    assert not ClaimEvent.objects.filter(action=EventAction.UPDATED).exists()


def test_outsiders_cannot_edit_documents_or_add_claims(api):
    document = DocumentFactory(text=TEXT)
    client = api("outsider")
    assert (
        client.patch(f"/api/v1/documents/{document.pk}/", {"title": "x"}, format="json").status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/claims/", {"document": document.pk, "text": "Then it rained."}, format="json"
        ).status_code
        == 403
    )


def test_a_new_document_keeps_its_date_with_its_offset(api):
    response = api("researcher").post(
        "/api/v1/documents/",
        {"text": "Prices rose by 5% in 2025.", "published_at": "2026-03-04T21:30:00-05:00"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["published_at"] == "2026-03-04T21:30:00-05:00"
    response = api("researcher").post(
        "/api/v1/documents/",
        {"text": "Other.", "published_at": "2026-03-04T21:30", "published_tz": "Asia/Tokyo"},
        format="json",
    )
    assert response.json()["published_at"] == "2026-03-04T21:30:00+09:00"
    response = api("researcher").post(
        "/api/v1/documents/", {"text": "Third.", "published_at": "yesterday"}, format="json"
    )
    assert response.status_code == 400 and "published_at" in response.json()
