"""The statistics page in a real browser: its SVG charts render (with bars), on a desktop
and a phone-sized screen, and screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimEvent
from tests.factories import ClaimFactory, UserFactory, rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener(
    "securitypolicyviolation", e => window.__violations.push(e.violatedDirective));
"""


def test_the_statistics_page_renders_its_charts(login, ratings, screenshot):
    from playwright.sync_api import expect

    UserFactory(username="eddie", role="editor")
    now = timezone.now()
    for n in range(12):
        claim = ClaimFactory(created_at=now - timedelta(days=n % 6, hours=3))
        target = "dismissed" if n % 3 == 0 else "selected"
        ClaimEvent.objects.create(
            claim=claim, action="transition", from_status="new", to_status=target
        )
    for n, slug in enumerate(["false", "false", "true", "misleading"]):
        claim = ClaimFactory(
            created_at=now - timedelta(days=4),
            status="published",
            published_at=now - timedelta(days=n),
            rating=rating(slug),
            speaker_resolved="Jane Smith",
        )
        ClaimEvent.objects.create(
            claim=claim, action="transition", from_status="approved", to_status="published"
        )

    page = login("eddie")
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto("/stats/?days=30")
    charts = page.locator("figure.chart svg.plot")
    expect(charts).to_have_count(4)
    assert page.locator("figure.chart svg.plot rect").count() > 60  # days x series, verdicts
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 80
    expect(page.get_by_role("rowheader", name="Jane Smith").first).to_be_visible()
    assert page.evaluate("window.__violations") == []  # no inline style for the CSP to block
    screenshot(page, "stats-desktop")

    phone = login("eddie", width=390, height=844)
    phone.goto("/stats/?days=30")
    svg = phone.locator("figure.chart svg.plot").first
    expect(svg).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # no sideways scrolling on a phone: the charts shrink to fit
    assert svg.bounding_box()["width"] <= 390
    screenshot(phone, "stats-phone")
