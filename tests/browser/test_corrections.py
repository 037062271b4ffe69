"""Correcting what extraction got wrong, in a real browser, up to a complete ClaimReview:
add a missed claim by selecting text, edit its wording and the document's date and zone,
approve, publish, and read the public page's structured data with extruct."""

from __future__ import annotations

import re
from datetime import date

import pytest

from claims.models import Claim
from tests.factories import DocumentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE = 'Ms Hewitt said: "We have already doubled maternity pay since 1997."'
TEXT = "\n\n".join(
    [
        "Hewitt defends record on families",
        "The minister spoke at a nursery in Leeds on Wednesday evening.",
        SENTENCE,
        "Opposition parties said the figures were misleading.",
    ]
)
WORDING = "Britain has already doubled maternity pay since 1997"
SOURCE = "https://news.example.org/2026/03/hewitt-maternity-pay"


def expect():
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=20_000)
    return playwright_expect


def select_text(page, text: str) -> None:
    """Select `text` in the document as a reader's drag would, then release the mouse."""
    page.evaluate(
        """(wanted) => {
            const article = document.querySelector('.doc-text');
            const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, at = node.data.indexOf(wanted);
                if (at >= 0) {
                    window.getSelection().setBaseAndExtent(node, at, node, at + wanted.length);
                    document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                    return;
                }
            }
            throw new Error('text not found');
        }""",
        text,
    )


# Steps that ask for confirmation on a page with a preview of the public fact-check.
CONFIRMED = {"Approve": "approved", "Publish": "published"}


def step(page, name: str, status: str) -> None:
    """Take a workflow step; Approve and Publish are confirmed on their preview page."""
    page.get_by_role("button", name=name, exact=True).first.click()
    if name in CONFIRMED:
        page.wait_for_url(re.compile(rf".*/preview/\?to={CONFIRMED[name]}"))
        page.get_by_role("button", name=f"Confirm and {name.lower()}").click()
    expect()(page.locator("h1 .status")).to_have_text(status)


def test_correct_publish_and_read_a_complete_claim_review(
    login, live_server, ratings, screenshot, settings
):
    import extruct

    check = expect()
    settings.SITE_URL = live_server.url
    settings.CLAIMREVIEW_AUTHOR_NAME = "Example Checks"
    UserFactory(username="rita", role="researcher", first_name="Rita", last_name="Reyes")
    UserFactory(username="eddie", role="editor")
    document = DocumentFactory(text=TEXT, title="Untitled", url=None, publisher="")

    # --- Researcher: the claim extraction missed, added by selecting it. ---
    rita = login("rita")
    rita.goto(document.get_absolute_url())
    select_text(rita, SENTENCE)
    check(rita.locator("[data-add-text]")).to_have_value(SENTENCE)
    screenshot(rita, "document-add-missed-claim")
    rita.get_by_role("button", name="Make it a claim").click()
    check(rita.locator(".messages")).to_contain_text("added")
    claim = Claim.objects.get(document=document)
    assert (claim.start, claim.end) == (TEXT.index(SENTENCE), TEXT.index(SENTENCE) + len(SENTENCE))

    # --- Researcher: the wording to publish, the speaker, research and submit. ---
    rita.get_by_text("Edit the wording to publish").click()
    rita.get_by_label("Wording to publish").fill(WORDING)
    rita.get_by_role("button", name="Save wording").click()
    check(rita.locator(".messages")).to_contain_text("Wording saved")
    check(rita.locator("blockquote.claim-text")).to_have_text(WORDING)
    check(rita.locator("#history")).to_contain_text(f"claim text: “{SENTENCE}” → “{WORDING}”")
    rita.get_by_label("Who said it").fill("Patricia Hewitt")
    rita.get_by_role("button", name="Save speaker").click()
    check(rita.locator(".messages")).to_contain_text("Patricia Hewitt")
    step(rita, "Select for checking", "Selected")
    rita.get_by_role("button", name="Assign to me").click()
    check(rita.locator(".messages")).to_contain_text("Assigned to")
    step(rita, "Start research", "Researching")
    rita.get_by_label("Source URL").fill("https://stats.example.org/maternity-pay")
    rita.get_by_label("Title", exact=True).fill("Statutory maternity pay since 1997")
    rita.get_by_role("button", name="Add evidence").click()
    check(rita.locator(".messages")).to_contain_text("Evidence added")
    rita.get_by_label("Rating").select_option(label="Mostly true")
    rita.get_by_label("Summary").fill("Pay rose by 90 percent, nearly double.")
    rita.get_by_role("button", name="Save verdict").click()
    check(rita.locator(".messages")).to_contain_text("Verdict saved")
    step(rita, "Submit for review", "In review")

    # --- Editor: the document's real details, with its date in its own time zone. ---
    eddie = login("eddie")
    eddie.goto(document.get_absolute_url())
    eddie.get_by_role("link", name="Edit details").click()
    eddie.get_by_label("Title").fill("Hewitt defends record on families")
    eddie.get_by_label("Address (URL)").fill(SOURCE)
    eddie.get_by_label("Publisher").fill("Example News")
    eddie.get_by_label("Author or speaker").fill("Patricia Hewitt")
    eddie.get_by_label("Published (date and time)").fill("2026-03-04T21:30")
    eddie.get_by_label("Time zone").fill("America/New_York")  # 02:30 UTC on the 5th
    screenshot(eddie, "document-edit-details")
    eddie.get_by_role("button", name="Save details").click()
    check(eddie.locator(".messages")).to_contain_text("Document details saved")
    check(eddie.locator("dl.facts")).to_contain_text("4 Mar 2026, 21:30 (America/New_York)")
    eddie.goto(claim.get_absolute_url())
    check(eddie.locator("#history")).to_contain_text(
        "document published tz: “” → “America/New_York”"
    )
    step(eddie, "Approve", "Approved")
    step(eddie, "Publish", "Published")
    public_path = eddie.locator("dd a[href^='/fact-checks/']").get_attribute("href")

    # --- Anyone: the public page and its one, complete ClaimReview. ---
    reader = login(None)
    reader.goto(public_path)
    check(reader.locator(".said")).to_contain_text("Patricia Hewitt")
    data = extruct.extract(reader.content(), base_url=live_server.url + public_path)
    reviews = [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    review = reviews[0]
    assert review["claimReviewed"] == WORDING
    assert review["url"] == live_server.url + public_path
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"] == "Example Checks"
    assert review["datePublished"] == date.today().isoformat()
    assert review["headline"] == "Pay rose by 90 percent, nearly double."
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 6,
        "bestRating": 7,
        "worstRating": 1,
        "alternateName": "Mostly true",
        "name": "Mostly true",
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Patricia Hewitt"}
    assert item["datePublished"] == "2026-03-04"  # New York's date, not UTC's (the 5th)
    appearance = {
        "@type": "CreativeWork",
        "url": SOURCE,
        "headline": "Hewitt defends record on families",
        "datePublished": "2026-03-04T21:30:00-05:00",
        "publisher": {"@type": "Organization", "name": "Example News"},
    }
    assert item["appearance"] == appearance and item["firstAppearance"] == appearance
    # The page's other metadata: canonical link, OpenGraph and Twitter card.
    canonical = reader.locator("link[rel=canonical]").get_attribute("href")
    assert canonical == live_server.url + public_path
    opengraph = dict(data["opengraph"][0]["properties"])
    assert opengraph["og:url"] == canonical and opengraph["og:type"] == "article"
    assert opengraph["og:title"] == f"Fact-check: {WORDING}"
    assert reader.locator("meta[name='twitter:card']").get_attribute("content") == "summary"
    check(reader.locator(".byline")).to_contain_text("Checked by Rita Reyes")
    check(reader.locator(".rating-legend li")).to_have_count(7)
    screenshot(reader, "public-fact-check-complete")
    phone = login(None, width=390, height=844)
    phone.goto(public_path)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "public-fact-check-complete-phone")
