"""Public fact-check pages and their ClaimReview JSON-LD."""

import json
import re

from django.test import override_settings

from tests.factories import ClaimFactory, DocumentFactory


def json_ld(response) -> dict:
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@override_settings(
    SITE_URL="https://factcheck.example.org", CLAIMREVIEW_AUTHOR_NAME="Example Checks"
)
def test_public_page_carries_the_claim_review(client, db):
    document = DocumentFactory(url="https://news.example.org/budget", title="Budget story")
    claim = ClaimFactory(published=True, document=document, speaker_resolved="Jane Doe")
    response = client.get(claim.get_public_url())
    assert response.status_code == 200
    data = json_ld(response)
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["url"] == "https://factcheck.example.org" + claim.get_public_url()
    assert data["author"]["name"] == "Example Checks"
    assert data["datePublished"] == claim.first_published_at.date().isoformat()
    rating = data["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (1, 7, 1)
    assert rating["alternateName"] == "False"
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == "Jane Doe"
    assert item["appearance"]["url"] == "https://news.example.org/budget"
    assert "datePublished" not in item  # the document's date is unknown: not the ingest day
    html = response.content.decode()
    assert "Unemployment was 4.1 percent, not 3.9." in html
    assert claim.evidence.get().url in html


def test_json_ld_cannot_be_broken_out_of(client, db):
    text = 'Taxes </script><script>alert("x")</script> rose <!-- 5% & more.'
    claim = ClaimFactory(
        published=True, text=text, verdict_summary="</SCRIPT><b>x</b>", speaker_resolved="</script>"
    )
    response = client.get(claim.get_public_url())
    html = response.content.decode()
    assert html.count("</script>") == html.count("<script") == 2  # htmx + the JSON-LD
    assert "<script>alert" not in html and "<b>x</b>" not in html
    data = json_ld(response)
    assert data["claimReviewed"] == text
    assert data["headline"] == "</SCRIPT><b>x</b>"


def test_wrong_slug_redirects_to_the_canonical_address(client, db):
    claim = ClaimFactory(published=True, slug="the-real-slug")
    response = client.get(f"/fact-checks/{claim.pk}-something-else/")
    assert response.status_code == 301
    assert response["Location"] == claim.get_public_url()
    assert claim.get_public_url() == f"/fact-checks/{claim.pk}-the-real-slug/"


def test_index_lists_only_published_fact_checks(client, db):
    shown = ClaimFactory(published=True, text="Published claim about taxes.")
    ClaimFactory(text="Unpublished claim about roads.", status="approved")
    html = client.get("/fact-checks/").content.decode()
    assert shown.get_public_url() in html
    assert "Unpublished claim" not in html


def test_public_pages_have_no_team_links_for_anonymous(client, db):
    claim = ClaimFactory(published=True)
    html = client.get(claim.get_public_url()).content.decode()
    assert "/documents/" not in html and "Dashboard" not in html
