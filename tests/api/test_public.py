"""The public ClaimReview feed: published fact-checks only, for anyone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.conf import settings

from claims.claimreview import claim_review
from tests.factories import ClaimFactory, DocumentFactory, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    document = DocumentFactory(
        title="Budget speech",
        url="https://news.example.org/budget",
        published_at=datetime(2024, 3, 5, 10, tzinfo=UTC),
    )
    return ClaimFactory(
        published=True,
        document=document,
        speaker_resolved="Jane Smith",
        rating=rating("mostly-false"),
        verdict_summary="Unemployment was 3.7 percent, not 3.9.",
        slug="unemployment-fell",
    )


def test_feed_lists_published_fact_checks_as_claimreview(api, published):
    for status in ("new", "researching", "approved"):
        ClaimFactory(**{status: True})
    response = api("anonymous").get("/api/v1/public/fact-checks/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 1
    review = results[0]
    assert review == claim_review(published)  # the same builder as the public page
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == published.text
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 7,
        "worstRating": 1,
        "alternateName": "Mostly false",
        "name": "Mostly false",
    }
    assert review["url"].startswith(settings.SITE_URL)
    assert review["url"].endswith(f"/fact-checks/{published.pk}-unemployment-fell/")
    assert review["author"]["name"] == settings.CLAIMREVIEW_AUTHOR_NAME
    assert review["datePublished"] == published.first_published_at.date().isoformat()
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Jane Smith"}
    assert item["datePublished"] == "2024-03-05"
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://news.example.org/budget",
        "headline": "Budget speech",
        "datePublished": "2024-03-05T10:00:00+00:00",
        "publisher": {"@type": "Organization", "name": "The Daily Example"},
    }


def test_item_without_a_known_source_has_no_appearance(api):
    claim = ClaimFactory(published=True, speaker="", speaker_resolved="")
    review = api("anonymous").get(f"/api/v1/public/fact-checks/{claim.pk}/").json()
    assert "appearance" not in review["itemReviewed"]
    assert "author" not in review["itemReviewed"]


def test_one_fact_check_by_id_or_slug(api, published):
    client = api("anonymous")
    by_id = client.get(f"/api/v1/public/fact-checks/{published.pk}/").json()
    by_slug = client.get("/api/v1/public/fact-checks/unemployment-fell/").json()
    assert by_id == by_slug == claim_review(published)


@pytest.mark.parametrize("status", ["new", "in_review", "approved", "dismissed"])
def test_unpublished_claims_are_not_public(api, status):
    claim = ClaimFactory(**{status: True}, slug="secret")
    client = api("anonymous")
    assert client.get(f"/api/v1/public/fact-checks/{claim.pk}/").status_code == 404
    assert client.get("/api/v1/public/fact-checks/secret/").status_code == 404


def test_unknown_keys_are_404(api):
    client = api("anonymous")
    assert client.get("/api/v1/public/fact-checks/99999999999999999999/").status_code == 404
    assert client.get("/api/v1/public/fact-checks/no-such-thing/").status_code == 404


def test_feed_is_read_only(api, editor):
    assert api("editor").post("/api/v1/public/fact-checks/", {}).status_code == 405
