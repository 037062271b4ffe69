"""The correction pages: wording on the claim page, document details, a claim added by
selecting text on the document page."""

import pytest

from claims.models import Claim, Document, EventAction
from claims.workflow import Status
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db

TEXT = "The mayor spoke. Crime fell by 20% last year. Then it rained."


def test_the_wording_form_saves_and_the_history_shows_old_and_new(as_user, researcher):
    claim = ClaimFactory(status=Status.SELECTED, text="He said crime fell by 20%.")
    client = as_user(researcher)
    response = client.post(
        f"/claims/{claim.pk}/wording/",
        {"version": claim.version, "claim_text": "Crime fell by 20% in 2025"},
    )
    assert response.status_code == 302
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Crime fell by 20% in 2025" in page
    assert "As found in the document: “He said crime fell by 20%.”" in page
    assert "claim text: “He said crime fell by 20%.” → “Crime fell by 20% in 2025”" in page


def test_a_long_wording_is_a_400_naming_the_field_with_nothing_saved(as_user, researcher):
    claim = ClaimFactory(status=Status.SELECTED)
    response = as_user(researcher).post(
        f"/claims/{claim.pk}/wording/", {"version": claim.version, "claim_text": "x" * 10_000}
    )
    assert response.status_code == 400
    assert response.context["wording_form"].errors["claim_text"]
    claim.refresh_from_db()
    assert claim.claim_text == ""


def test_document_details_are_edited_on_the_page(as_user, editor):
    document = DocumentFactory(text=TEXT, title="Old title")
    claim = ClaimFactory(document=document, start=17, end=45)
    client = as_user(editor)
    form = client.get(f"/documents/{document.pk}/edit/")
    assert form.status_code == 200
    response = client.post(
        f"/documents/{document.pk}/edit/",
        {
            "title": "Council meeting",
            "url": "",
            "publisher": "Town Gazette",
            "author": "Mayor Jones",
            "published_at": "2026-03-01T23:30",
            "published_tz": "America/New_York",
            "kind": "transcript",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.published_local.isoformat() == "2026-03-01T23:30:00-05:00"
    event = claim.events.get(action=EventAction.UPDATED)
    assert event.data["document_title"] == ["Old title", "Council meeting"]
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "1 Mar 2026, 23:30" in page and "America/New_York" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("published_at", "yesterday"), ("published_tz", "Europe/Nowhere"), ("url", "nope")],
)
def test_bad_document_details_are_a_400_on_the_field(as_user, editor, field, value):
    document = DocumentFactory(text=TEXT, title="Old title")
    data = {"title": "New", "kind": "article", "published_at": "", "published_tz": ""}
    data[field] = value
    response = as_user(editor).post(f"/documents/{document.pk}/edit/", data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    document.refresh_from_db()
    assert document.title == "Old title"


def test_a_selected_span_becomes_a_claim(as_user, researcher):
    document = DocumentFactory(text=TEXT)
    start = TEXT.index("Crime")
    response = as_user(researcher).post(
        f"/documents/{document.pk}/claims/add/",
        {"start": start, "end": start + len("Crime fell by 20% last year."), "text": "ignored"},
    )
    claim = Claim.objects.get(document=document)
    assert response.status_code == 302 and response.url == claim.get_absolute_url()
    assert claim.text == "Crime fell by 20% last year."


def test_an_overlapping_selection_is_refused_naming_the_claim(as_user, researcher):
    document = DocumentFactory(text=TEXT)
    existing = ClaimFactory(document=document, start=17, end=45)
    client = as_user(researcher)
    response = client.post(
        f"/documents/{document.pk}/claims/add/", {"text": "fell by 20%"}, follow=True
    )
    assert f"overlaps claim {existing.pk}" in response.content.decode()
    assert Claim.objects.filter(document=document).count() == 1


def test_an_outsider_cannot_edit_a_document(as_user, outsider):
    document = DocumentFactory(text=TEXT)
    assert as_user(outsider).get(f"/documents/{document.pk}/edit/").status_code == 403


def test_an_editor_fixes_a_typo_in_review_on_the_page_and_is_then_not_the_approver(as_user, editor):
    claim = ClaimFactory(in_review=True)
    client = as_user(editor)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "another editor approves it" in page
    response = client.post(
        f"/claims/{claim.pk}/verdict/",
        {
            "version": claim.version,
            "rating": claim.rating_id,
            "verdict_summary": "Unemployment was 4.1 percent, not 3.9 percent.",
            "verdict_explanation": claim.verdict_explanation,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "“Unemployment was 4.1 percent, not 3.9.” → “Unemployment was 4.1 percent" in page
    assert "Another editor must approve this verdict" in page


def test_a_document_is_added_with_its_date_in_its_own_time_zone(as_user, researcher):
    response = as_user(researcher).post(
        "/documents/new/",
        {
            "text": "Prices rose by 5% in 2025, the minister said.",
            "published_at": "2026-03-04T21:30",
            "published_tz": "America/New_York",
            "kind": "article",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.published_tz == "America/New_York"
    assert document.published_local.isoformat() == "2026-03-04T21:30:00-05:00"


def test_a_document_with_an_unknown_time_zone_is_not_added(as_user, researcher):
    response = as_user(researcher).post(
        "/documents/new/",
        {
            "text": "Prices rose.",
            "published_at": "2026-03-04T21:30",
            "published_tz": "Mars/Base",
            "kind": "article",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["published_tz"]
    assert not Document.objects.exists()
