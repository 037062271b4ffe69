"""The ClaimReview builder: the fields fact-check aggregators read, from a published claim."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from claims.claimreview import claim_review, json_ld_script, rating_scale
from claims.models import Rating, Speaker, SpeakerKind
from tests.factories import ClaimFactory, DocumentFactory, rating

pytestmark = pytest.mark.django_db


def published(**kwargs):
    return ClaimFactory(published=True, **kwargs)


def test_the_scale_runs_over_the_scaled_verdicts_only():
    assert rating_scale() == (1, 7)  # the seeded scale; "Unproven" (0) is not on it
    Rating.objects.create(name="Pants on fire", slug="pants-on-fire", value=9)
    assert rating_scale() == (1, 9)


def test_an_unscaled_verdict_is_published_as_minus_one_with_its_name():
    review = claim_review(published(rating=rating("unproven")))
    assert review["reviewRating"]["ratingValue"] == -1
    assert review["reviewRating"]["alternateName"] == "Unproven"


@override_settings(SITE_URL="https://checks.example.org", CLAIMREVIEW_AUTHOR_URL="")
def test_the_review_points_at_the_public_page_and_names_the_newsroom_without_an_empty_url():
    claim = published()
    review = claim_review(claim)
    assert review["url"] == "https://checks.example.org" + claim.get_public_url()
    assert "url" not in review["author"]
    assert review["headline"] == claim.verdict_summary


def test_a_correction_keeps_the_first_date_and_adds_date_modified():
    first = datetime(2026, 1, 10, 9, tzinfo=UTC)
    claim = published(first_published_at=first, published_at=first)
    assert "dateModified" not in claim_review(claim)
    claim.published_at = first + timedelta(days=3)
    review = claim_review(claim)
    assert review["datePublished"] == "2026-01-10"
    assert review["dateModified"] == "2026-01-13"


def test_the_claim_is_attributed_to_its_speaker_organisation_or_the_name_as_written():
    party = Speaker.objects.create(name="Green Party", kind=SpeakerKind.ORGANIZATION)
    by_party = claim_review(published(speaker_ref=party, speaker="the party"))
    assert by_party["itemReviewed"]["author"] == {"@type": "Organization", "name": "Green Party"}
    as_written = claim_review(published(speaker="Jo Bloggs", speaker_resolved=""))
    assert as_written["itemReviewed"]["author"] == {"@type": "Person", "name": "Jo Bloggs"}
    nobody = claim_review(published(speaker="", speaker_resolved=""))
    assert "author" not in nobody["itemReviewed"]


def test_where_the_claim_appeared_is_given_only_for_a_document_with_a_url():
    document = DocumentFactory(url="", published_at=datetime(2025, 6, 1, tzinfo=UTC))
    item = claim_review(published(document=document))["itemReviewed"]
    assert "appearance" not in item
    assert item["datePublished"] == "2025-06-01"


def test_the_script_block_cannot_be_closed_from_inside_the_data():
    html = json_ld_script({"claimReviewed": "</script><script>alert(1)</script> & more"})
    assert html.count("</script>") == 1
    assert "\\u003c/script\\u003e" in html and "\\u0026" in html
