"""Triage at volume in a real browser: filters in the URL, bulk select-and-assign from the
document page, keyboard triage, and approving on a preview. Screenshots (desktop and phone)
go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest

from claims.models import Claim, Rating, Speaker
from claims.speakers import refresh_keys
from tests.factories import ClaimFactory, DocumentFactory, EvidenceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SPEAKERS = ["Mike Pence", "Shinzo Abe", "he"]
TYPES = ["quantity", "comparison", "prediction"]


def expect():
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=20_000)
    return playwright_expect


def newsroom(claims: int = 30):
    """A researcher, two editors, and a document of `claims` new claims by three speakers
    (one written only as "he") of three types, with falling scores."""
    UserFactory(username="rita", role="researcher")
    UserFactory(username="eddie", role="editor")
    UserFactory(username="erin", role="editor")
    speakers = {}
    for name in SPEAKERS[:2]:
        speaker = Speaker(name=name)
        refresh_keys(speaker)
        speaker.save()
        speakers[name] = speaker
    sentences = [
        f"Sentence {i}: exports fell by {i + 10} percent in {2000 + i}." for i in range(claims)
    ]
    text = " ".join(sentences)
    document = DocumentFactory(title="Abe and Pence agree on maximum pressure", text=text)
    start = 0
    for i, sentence in enumerate(sentences):
        name = SPEAKERS[i % 3]
        ClaimFactory(
            document=document,
            text=sentence,
            start=start,
            end=start + len(sentence),
            score=round(0.95 - i * 0.02, 2),
            claim_type=TYPES[(i // 3) % 3],
            speaker=name,
            speaker_resolved=name if name in speakers else "",
            speaker_ref=speakers.get(name),
        )
        start += len(sentence) + 1
    return document


def ticked_texts(page) -> list[str]:
    return page.locator("ul.claims li:has(input:checked) .claim-link").all_inner_texts()


def test_filter_triage_by_speaker_and_type_in_the_url(login, live_server, screenshot):
    check = expect()
    newsroom()
    for name, size in [("desktop", {}), ("phone", PHONE)]:
        rita = login("rita", **size)
        rita.goto("/triage/")
        check(rita.locator(".claim-count")).to_have_text("30 claims")
        rita.get_by_label("Speaker").fill("Mike Pence")
        rita.get_by_label("Type").select_option("comparison")
        rita.get_by_label("Score").select_option("high")
        rita.get_by_role("button", name="Filter").click()
        rita.wait_for_url(re.compile(r".*speaker=Mike(\+|%20)Pence.*claim_type=comparison.*"))
        texts = rita.locator(".claim-link").all_inner_texts()
        expected = Claim.objects.filter(
            speaker_resolved="Mike Pence", claim_type="comparison", score__gte=0.7
        ).order_by("-score")
        assert texts == [c.text for c in expected] and texts
        assert all("Mike Pence" in m for m in rita.locator("ul.claims .meta").all_inner_texts())
        screenshot(rita, f"triage-filters-{name}")
        # Shareable and back-button safe: the filters live in the URL.
        filtered = rita.url
        rita.get_by_role("link", name="Clear filters").click()
        check(rita.locator(".claim-count")).to_have_text("30 claims")
        rita.go_back()
        check(rita.get_by_label("Type")).to_have_value("comparison")
        assert rita.url == filtered
        assert rita.locator(".claim-link").all_inner_texts() == texts
    # Pronoun speakers never show as names.
    assert not re.search(r">\s*he\s*<", rita.locator("ul.claims").inner_html())


def test_bulk_select_and_assign_from_the_document_page(login, live_server, screenshot):
    check = expect()
    document = newsroom()
    eddie = login("eddie")
    eddie.goto(f"/documents/{document.pk}/")
    sidebar = eddie.locator(".doc-claims")
    check(sidebar.locator(".score meter").first).to_be_visible()
    boxes = sidebar.locator("ul.claims input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(3).check()
    wanted = ticked_texts(eddie)
    bar = eddie.locator("#bulk-form")
    bar.get_by_label("Action").select_option("select")
    bar.get_by_label("Assign to").select_option(label="rita")
    check(bar).to_be_in_viewport()  # sticky: beside the selection, not at the page's end
    screenshot(eddie, "document-bulk-bar-desktop", full_page=False)
    bar.get_by_role("button", name="Apply").click()
    check(eddie.locator(".messages")).to_contain_text("2 claims selected and assigned to rita.")
    done = Claim.objects.filter(text__in=wanted)
    assert {(c.status, c.assignee.username) for c in done} == {("selected", "rita")}

    # All or nothing: a claim already selected cannot be selected again; nothing changes.
    boxes = sidebar.locator("ul.claims input[type=checkbox]")
    boxes.nth(0).check()  # selected above
    boxes.nth(1).check()
    bar.get_by_label("Action").select_option("select")
    bar.get_by_role("button", name="Apply").click()
    check(bar.locator("#bulk-result")).to_contain_text("Nothing was changed")
    assert bar.locator("#bulk-result li").count() == 1
    assert Claim.objects.filter(status="selected").count() == 2

    phone = login("eddie", **PHONE)
    phone.goto(f"/documents/{document.pk}/")
    phone.locator(".doc-claims ul.claims input[type=checkbox]").nth(2).check()
    check(phone.locator("#bulk-form")).to_be_in_viewport()
    screenshot(phone, "document-bulk-bar-phone", full_page=False)


def test_keyboard_triage(login, live_server):
    check = expect()
    newsroom(8)
    rita = login("rita")
    rita.goto("/triage/")
    rows = rita.locator("ul.claims > li")
    texts = rita.locator(".claim-link").all_inner_texts()
    rita.keyboard.press("j")
    check(rows.nth(0)).to_have_class(re.compile("current"))
    rita.keyboard.press("j")
    rita.keyboard.press("k")
    rita.keyboard.press("j")
    check(rows.nth(1)).to_have_class(re.compile("current"))
    rita.keyboard.press("x")  # tick the second
    rita.keyboard.press("j")
    rita.keyboard.press("x")  # and the third
    check(rita.locator("#bulk-form .ticked-count")).to_have_text("(2 ticked)")
    rita.keyboard.press("s")
    check(rita.locator(".messages")).to_contain_text("2 claims selected.")
    assert set(Claim.objects.filter(status="selected").values_list("text", flat=True)) == {
        texts[1],
        texts[2],
    }
    # d: dismiss the current claim, with the note typed in the bar and Enter.
    check(rows.nth(0)).not_to_have_class(re.compile("current"))
    rita.keyboard.press("j")
    check(rows.nth(0)).to_have_class(re.compile("current"))
    rita.keyboard.press("d")
    check(rita.locator("#bulk_note")).to_be_focused()
    rita.keyboard.type("Opinion, not a checkable claim.")
    rita.keyboard.press("Enter")
    check(rita.locator(".messages")).to_contain_text("1 claim dismissed.")
    dismissed = Claim.objects.get(status="dismissed")
    assert dismissed.text == texts[0]
    assert dismissed.events.get().note == "Opinion, not a checkable claim."
    check(rita.locator("#keyboard-help")).to_contain_text("next / previous claim")


def test_approve_with_a_preview(login, live_server, ratings, screenshot):
    check = expect()
    document = newsroom(3)
    claim = Claim.objects.filter(document=document, speaker_resolved="Mike Pence").get()
    rita = UserFactory(username="rita")
    claim.status, claim.assignee, claim.submitted_by = "in_review", rita, rita
    claim.rating = Rating.objects.get(slug="false")
    claim.verdict_summary = "Exports fell by a tenth, not more."
    claim.save()
    EvidenceFactory(claim=claim, url="https://stats.example.org/exports")
    for name, size in [("desktop", {}), ("phone", PHONE)]:
        eddie = login("eddie", **size)
        eddie.goto(claim.get_absolute_url())
        eddie.get_by_role("button", name="Approve").click()
        eddie.wait_for_url(re.compile(r".*/preview/\?to=approved"))
        frame = eddie.frame_locator("iframe.preview-frame")
        check(frame.locator(".verdict")).to_contain_text("False")
        check(eddie.locator("#claimreview-json")).to_contain_text('"@type": "ClaimReview"')
        check(eddie.locator("#claimreview-json")).to_contain_text("Mike Pence")
        screenshot(eddie, f"approve-preview-{name}")
    claim.refresh_from_db()
    assert claim.status == "in_review"  # nothing happens before the confirmation
    eddie.get_by_role("button", name="Confirm and approve").click()
    check(eddie.locator("h1 .status")).to_have_text("Approved")
