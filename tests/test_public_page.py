"""The complete public fact-check (issue 12, section 3): ClaimReview fields, the page's
context, byline, legend and social tags, and the feeds."""

import json
from datetime import UTC, datetime

import pytest
from django.test import override_settings

from claims.claimreview import claim_review
from tests.factories import ClaimFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://checks.example.org"


def late_evening_document(**kwargs):
    # 23:30 in New York on 1 March is 04:30 UTC on 2 March: the claim's date is the 1st.
    return DocumentFactory(
        title="Budget speech",
        url="https://news.example.org/budget",
        publisher="Example News",
        published_at=datetime(2026, 3, 2, 4, 30, tzinfo=UTC),
        published_tz="America/New_York",
        **kwargs,
    )


def test_the_claim_is_dated_by_its_document_in_its_own_time_zone():
    claim = ClaimFactory(published=True, document=late_evening_document())
    item = claim_review(claim)["itemReviewed"]
    assert item["datePublished"] == "2026-03-01"
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://news.example.org/budget",
        "headline": "Budget speech",
        "datePublished": "2026-03-01T23:30:00-05:00",
        "publisher": {"@type": "Organization", "name": "Example News"},
    }
    assert item["firstAppearance"] == item["appearance"]


def test_without_a_publication_date_the_claim_has_no_date_not_the_ingest_day():
    claim = ClaimFactory(published=True, document=DocumentFactory(published_at=None))
    assert "datePublished" not in claim_review(claim)["itemReviewed"]


def test_the_first_appearance_is_the_originals_source_for_a_repeated_claim():
    original = ClaimFactory(
        published=True, document=DocumentFactory(url="https://first.example.org/")
    )
    repeat = ClaimFactory(
        published=True, slug="again", document=late_evening_document(), duplicate_of=original
    )
    item = claim_review(repeat)["itemReviewed"]
    assert item["firstAppearance"]["url"] == "https://first.example.org/"
    assert item["appearance"]["url"] == "https://news.example.org/budget"


def test_claim_reviewed_is_the_edited_wording_and_the_rating_has_its_names():
    claim = ClaimFactory(published=True, claim_text="Britain has doubled maternity pay")
    review = claim_review(claim)
    assert review["claimReviewed"] == "Britain has doubled maternity pay"
    assert review["reviewRating"]["name"] == review["reviewRating"]["alternateName"] == "False"


@override_settings(SITE_URL=SITE, CLAIMREVIEW_AUTHOR_NAME="Example Checks")
def test_the_public_page_shows_context_byline_legend_and_social_tags(client):
    checker = UserFactory(username="rita", first_name="Rita", last_name="Reyes")
    claim = ClaimFactory(
        published=True,
        document=late_evening_document(),
        assignee=checker,
        speaker_resolved="Patricia Hewitt",
        claim_text="Britain has doubled maternity pay",
    )
    page = client.get(claim.get_public_url()).content.decode()
    canonical = SITE + claim.get_public_url()
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert 'og:title" content="Fact-check: Britain has doubled maternity pay"' in page
    assert "Said by <strong>Patricia Hewitt</strong>" in page
    assert 'datetime="2026-03-01T23:30:00-05:00"' in page
    assert 'href="https://news.example.org/budget"' in page
    assert "Checked by Rita Reyes" in page and "Example Checks" in page
    assert page.count('class="swatch tone-') == 7  # the seeded scale, each with its colour
    assert 'class="rating tone tone-6">False<' in page


@override_settings(SITE_URL=SITE)
def test_the_feeds_list_published_fact_checks_only(client):
    published = ClaimFactory(published=True, claim_text="Prices doubled")
    ClaimFactory(approved=True)
    feed = json.loads(client.get("/fact-checks/feed.json").content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in feed["items"]] == ["Prices doubled"]
    assert feed["items"][0]["url"] == SITE + published.get_public_url()
    assert feed["items"][0]["_claimreview"]["@type"] == "ClaimReview"
    for path, root in (("/fact-checks/feed.rss", "<rss"), ("/fact-checks/feed.atom", "<feed")):
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200 and root in body
        assert body.count("Prices doubled") == 1 and SITE + published.get_public_url() in body


def test_an_unattributed_claim_in_a_statement_is_its_authors():
    statement = DocumentFactory(kind="statement", author="Ministry of Health")
    claim = ClaimFactory(published=True, document=statement, speaker="", speaker_resolved="")
    author = claim_review(claim)["itemReviewed"]["author"]
    assert author == {"@type": "Person", "name": "Ministry of Health"}
    article = DocumentFactory(kind="article", author="A Reporter")
    claim = ClaimFactory(published=True, document=article, speaker="", speaker_resolved="")
    assert "author" not in claim_review(claim)["itemReviewed"]


def test_the_public_page_and_the_feeds_read_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    claims = [ClaimFactory(published=True, slug=f"c{i}") for i in range(3)]
    for claim in claims:
        claim.duplicate_of = claims[0] if claim != claims[0] else None
        claim.save(update_fields=["duplicate_of"])
    # The claim with its document, rating, speaker, assignee and the original's document;
    # its evidence; the scale; the legend; the approval in the history.
    with django_assert_num_queries(5):
        assert client.get(claims[1].get_public_url()).status_code == 200
    with django_assert_num_queries(2):  # the scale, and the claims with what they show
        assert client.get("/fact-checks/feed.json").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/fact-checks/feed.atom").status_code == 200
