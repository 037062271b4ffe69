"""The Content-Security-Policy breaks nothing in a real browser: htmx loads and swaps, the
public page with its JSON-LD loads, and Chromium reports no policy violation."""

from __future__ import annotations

import pytest

from tests.factories import ClaimFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_htmx_and_the_public_page_work_under_the_policy(login, ratings):
    UserFactory(username="rita", role="researcher")
    claim = ClaimFactory(published=True)
    page = login("rita")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto("/")
    assert page.evaluate("typeof window.htmx") == "object"
    # A boosted link: htmx fetches the page and swaps the body (no full load).
    loaded = page.evaluate("performance.timeOrigin")
    page.get_by_role("link", name="Triage").click()
    page.wait_for_url("**/triage/")
    assert page.evaluate("performance.timeOrigin") == loaded
    page.goto(claim.get_public_url())
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert page.evaluate("window.__violations") == []
    assert not [text for text in console if "Content Security Policy" in text]


def test_the_api_docs_render_under_the_policy(login):
    from playwright.sync_api import expect

    UserFactory(username="rita", role="researcher")
    page = login("rita")
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    # drf-spectacular's page keeps a small inline <style> (box-sizing): refused, harmless.
    violations = page.evaluate("window.__violations")
    assert not [v for v in violations if v.startswith("script-src")], violations


def test_the_admin_runs_under_the_policy(login):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    claim = ClaimFactory()
    page = login("admin")
    page.add_init_script(WATCH_VIOLATIONS)
    for url in ("/admin/", "/admin/claims/claim/", f"/admin/claims/claim/{claim.pk}/change/"):
        page.goto(url)
        assert page.evaluate("window.__violations") == [], url
