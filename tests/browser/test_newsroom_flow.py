"""The newsroom's day in a real browser: paste, extract, research, review, publish, read."""

from __future__ import annotations

import json
import re

import pytest

from claims.models import Claim
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE_URL = "https://news.example.org/2018/02/abe-pence-north-korea"
ARTICLE = "\n\n".join(
    [
        "Abe and Pence agree on maximum pressure",
        "Prime Minister Shinzo Abe said Japan would spend $1.5 billion on missile defence in "
        "2018, the largest increase since 2003.",
        "Vice President Mike Pence said North Korea had fired 23 missiles in 2017, more than in "
        "any previous year.",
        '"Exports to North Korea fell by 90 percent last year," Pence said.',
        "The two leaders met in Tokyo on Wednesday. Officials described the talks as warm.",
        "According to the foreign ministry, the sanctions have cut North Korea's coal revenue by "
        "$400 million since 2016.",
    ]
)


def expect():
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=20_000)
    return playwright_expect


def status_badge(page):
    return page.locator("h1 .status")


def research_and_submit(page, *, rating: str, summary: str):
    """On a claim page: select, take it, research, add evidence, set the verdict, submit."""
    check = expect()
    page.get_by_role("button", name="Select for checking").click()
    check(status_badge(page)).to_have_text("Selected")
    page.get_by_role("button", name="Assign to me").click()
    check(page.locator(".messages")).to_contain_text("Assigned to")
    page.get_by_role("button", name="Start research").click()
    check(status_badge(page)).to_have_text("Researching")
    # Not ready for review yet: the page says what is missing.
    check(page.locator(".blocked")).to_contain_text("The verdict needs")
    page.get_by_label("Source URL").fill("https://stats.example.org/missiles-2017")
    page.get_by_label("Title", exact=True).fill("Missile tests, 2017")
    page.get_by_label("Stance").select_option("refutes")
    page.get_by_role("button", name="Add evidence").click()
    check(page.locator(".messages")).to_contain_text("Evidence added")
    page.get_by_label("Rating").select_option(label=rating)
    page.get_by_label("Summary").fill(summary)
    page.get_by_label("Explanation").fill("The agency's count for 2017 is lower.")
    page.get_by_role("button", name="Save verdict").click()
    check(page.locator(".messages")).to_contain_text("Verdict saved")
    page.get_by_role("button", name="Submit for review").click()
    check(status_badge(page)).to_have_text("In review")


def test_paste_research_review_publish_and_read_the_claim_review(
    login, live_server, ratings, screenshot
):
    check = expect()
    UserFactory(username="rita", role="researcher")
    UserFactory(username="eddie", role="editor")
    UserFactory(username="erin", role="editor")

    # --- Researcher: paste a document and watch its claims appear. ---
    rita = login("rita")
    rita.get_by_role("link", name="Add document").click()
    rita.get_by_label("Text").fill(ARTICLE)
    rita.get_by_label("Address (URL)").fill(ARTICLE_URL)
    rita.get_by_label("Publisher").fill("The Example Times")
    rita.get_by_label("Published").fill("2018-02-07T10:00")
    rita.get_by_role("button", name="Add document").click()
    check(rita.locator("#doc-live .job")).to_contain_text("Extraction finished", timeout=60_000)
    highlights = rita.locator("#doc-live a.hl")
    check(highlights.first).to_be_visible()
    count = highlights.count()
    assert count >= 2
    assert rita.locator("#doc-live a.hl.s-new").count() == count
    screenshot(rita, "document")

    # --- Researcher: open a claim and take it to review. ---
    highlights.nth(0).click()
    check(rita.locator("h1")).to_contain_text("Claim")
    rita.wait_for_url(re.compile(r".*/claims/\d+/"))
    claim_url = rita.url.split("#")[0]
    research_and_submit(rita, rating="False", summary="The agency counted fewer missiles.")
    assert rita.get_by_role("button", name="Approve").count() == 0
    screenshot(rita, "claim")

    # --- Editor: request changes (a note is needed), then the researcher resubmits. ---
    eddie = login("eddie")
    check(eddie.locator("#review")).to_contain_text("In review")
    screenshot(eddie, "dashboard")
    eddie.goto(claim_url)
    eddie.get_by_role("button", name="Request changes").click()
    check(eddie.locator("#transition .errorlist")).to_contain_text(
        "A note is required: say what should change."
    )
    check(status_badge(eddie)).to_have_text("In review")
    eddie.get_by_label("Note").fill("Cite the agency's own table.")
    eddie.get_by_role("button", name="Request changes").click()
    check(status_badge(eddie)).to_have_text("Researching")

    rita.goto(claim_url)
    check(rita.locator("#history")).to_contain_text("Cite the agency's own table.")
    rita.get_by_label("Summary").fill("The agency's table shows 20 missile tests, not 23.")
    rita.get_by_role("button", name="Save verdict").click()
    check(rita.locator(".messages")).to_contain_text("Verdict saved")
    rita.get_by_role("button", name="Submit for review").click()
    check(status_badge(rita)).to_have_text("In review")
    # The researcher who submitted cannot approve.
    assert rita.get_by_role("button", name="Approve").count() == 0

    # --- Editor: approve and publish. ---
    eddie.goto(claim_url)
    eddie.get_by_role("button", name="Approve").click()
    eddie.get_by_role("button", name="Confirm and approve").click()  # on the preview
    check(status_badge(eddie)).to_have_text("Approved")
    eddie.get_by_role("button", name="Publish").click()
    eddie.get_by_role("button", name="Confirm and publish").click()
    check(status_badge(eddie)).to_have_text("Published")
    public_path = eddie.locator("dd a[href^='/fact-checks/']").get_attribute("href")

    # --- Four eyes: an editor who submits a verdict cannot approve it; another editor can. ---
    erin = login("erin")
    erin.goto(claim_document_url(claim_url))
    erin.locator("#doc-live a.hl.s-new").first.click()
    check(erin.locator("h1")).to_contain_text("Claim")
    erin.wait_for_url(re.compile(r".*/claims/\d+/"))
    second_url = erin.url.split("#")[0]
    assert second_url != claim_url
    research_and_submit(erin, rating="Mostly false", summary="Exports fell by about half.")
    assert erin.get_by_role("button", name="Approve").count() == 0
    check(erin.locator(".blocked")).to_contain_text("Another editor must approve this verdict")
    eddie.goto(second_url)
    eddie.get_by_role("button", name="Approve").click()
    eddie.get_by_role("button", name="Confirm and approve").click()
    check(status_badge(eddie)).to_have_text("Approved")

    # --- Anonymous: the public page and its ClaimReview. ---
    reader = login(None)
    reader.goto(public_path)
    check(reader.locator(".verdict")).to_contain_text("False")
    raw = reader.locator('script[type="application/ld+json"]').text_content()
    review = json.loads(raw)
    claim = Claim.objects.get(pk=int(re.search(r"/claims/(\d+)/", claim_url).group(1)))
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["url"].endswith(public_path)
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
    rating = review["reviewRating"]
    assert rating["alternateName"] == "False"
    assert rating["ratingValue"] == 1
    assert (rating["worstRating"], rating["bestRating"]) == (1, 7)
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"]["url"] == ARTICLE_URL
    assert item["datePublished"] == "2018-02-07"  # the document's date, not the ingest day
    assert claim.speaker_name, "the first claim is attributed (Prime Minister Shinzo Abe said…)"
    assert item["author"] == {"@type": "Person", "name": claim.speaker_name}
    screenshot(reader, "public-fact-check")

    # --- At phone width the pages fit the screen (no sideways scrolling). ---
    phone = login("eddie", width=390, height=844)
    for path, name in [
        ("/", "dashboard-phone"),
        (claim_url, "claim-phone"),
        (claim_document_url(claim_url), "document-phone"),
    ]:
        phone.goto(path)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        screenshot(phone, name)


def claim_document_url(claim_url: str) -> str:
    pk = int(re.search(r"/claims/(\d+)/", claim_url).group(1))
    return Claim.objects.select_related("document").get(pk=pk).document.get_absolute_url()
