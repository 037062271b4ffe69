"""Approve and Publish are confirmed on a preview of the public page and its ClaimReview."""

import html
import json
import re

import pytest

from claims.models import Rating
from tests.factories import ClaimFactory, EvidenceFactory


@pytest.fixture
def ready(db, researcher):
    rating = Rating.objects.get(slug="false")
    claim = ClaimFactory(
        status="in_review",
        assignee=researcher,
        submitted_by=researcher,
        rating=rating,
        verdict_summary="The agency counted 20, not 23.",
        speaker_resolved="Mike Pence",
        text="North Korea fired 23 missiles in 2017.",
    )
    EvidenceFactory(claim=claim, url="https://stats.example.org/missiles")
    return claim


def test_approve_goes_to_the_preview_first_and_changes_nothing(client, editor, ready):
    client.force_login(editor)
    response = client.post(f"/claims/{ready.pk}/transition/", {"version": 1, "to": "approved"})
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{ready.pk}/preview/?to=approved"
    ready.refresh_from_db()
    assert ready.status == "in_review" and not ready.events.exists()


def test_the_preview_shows_the_public_page_and_its_claimreview(client, editor, ready):
    client.force_login(editor)
    response = client.get(f"/claims/{ready.pk}/preview/", {"to": "approved"})
    assert response.status_code == 200
    page = response.content.decode()
    public = html.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))
    assert "North Korea fired 23 missiles in 2017." in public
    assert "The agency counted 20, not 23." in public
    assert "application/ld+json" in public
    review = json.loads(
        html.unescape(re.search(r'id="claimreview-json">(.*?)</pre>', page, re.S).group(1))
    )
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["itemReviewed"]["author"]["name"] == "Mike Pence"
    assert "Confirm and approve" in page


def test_confirming_takes_the_step(client, editor, ready):
    client.force_login(editor)
    response = client.post(
        f"/claims/{ready.pk}/transition/", {"version": 1, "to": "approved", "confirmed": "1"}
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == "approved"
    publish = client.post(f"/claims/{ready.pk}/transition/", {"version": 2, "to": "published"})
    assert publish["Location"] == f"/claims/{ready.pk}/preview/?to=published"
    page = client.get(publish["Location"]).content.decode()
    assert "Publish this fact-check?" in page and "Confirm and publish" in page


def test_the_preview_says_why_a_step_is_refused_and_offers_no_button(
    client, researcher, editor, ready
):
    ready.submitted_by = editor
    ready.save()
    client.force_login(editor)
    response = client.get(f"/claims/{ready.pk}/preview/", {"to": "approved"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Another editor must approve this verdict" in page and "Confirm and" not in page
    client.force_login(researcher)
    response = client.get(f"/claims/{ready.pk}/preview/", {"to": "approved"})
    assert response.status_code == 403 and "Only the editor" in response.content.decode()


def test_only_approve_and_publish_are_previewed(client, editor, ready):
    client.force_login(editor)
    assert client.get(f"/claims/{ready.pk}/preview/", {"to": "selected"}).status_code == 404
    assert client.get("/claims/999999/preview/", {"to": "approved"}).status_code == 404
