"""Every response carries a Content-Security-Policy (scripts from this site or with the
response's nonce) and a Permissions-Policy; the nonce reaches htmx's script tag and the
ClaimReview JSON-LD block."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.factories import ClaimFactory

# Django 6 sends the policy with a per-response nonce; Django 5.2 has no CSP of its own and
# gets the same policy without a nonce (factcheck/headers.py), so its pages run no inline
# script at all.
needs_nonce = pytest.mark.skipif(not settings.BUILTIN_CSP, reason="Django 6's CSP nonce")


def nonce_of(response) -> str:
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert found, response["Content-Security-Policy"]
    return found.group(1)


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/fact-checks/", "/api/v1/public/fact-checks/"]
)
def test_every_response_has_a_csp_and_a_permissions_policy(client, db, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "camera=()" in response["Permissions-Policy"]


@needs_nonce
def test_the_page_scripts_carry_the_responses_nonce(client, db):
    response = client.get("/accounts/login/")
    nonce = nonce_of(response)
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)


@needs_nonce
def test_the_claimreview_json_ld_carries_the_nonce(client, db):
    claim = ClaimFactory(published=True)
    response = client.get(claim.get_public_url())
    assert response.status_code == 200
    nonce = nonce_of(response)
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()


@needs_nonce
def test_each_response_gets_its_own_nonce(client, db):
    assert nonce_of(client.get("/accounts/login/")) != nonce_of(client.get("/accounts/login/"))


@pytest.mark.skipif(settings.BUILTIN_CSP, reason="Django 5.2's policy, without a nonce")
def test_without_a_nonce_the_pages_run_no_inline_script(client, db):
    claim = ClaimFactory(published=True)
    for url in ("/accounts/login/", claim.get_public_url()):
        response = client.get(url)
        assert "nonce-" not in response["Content-Security-Policy"]
        for tag in re.findall(r"<script[^>]*>", response.content.decode()):
            assert "src=" in tag or 'type="application/ld+json"' in tag, tag


def test_the_api_docs_page_runs_no_inline_script(admin_client):
    page = admin_client.get("/api/docs/")
    assert page.status_code == 200
    scripts = re.findall(r"<script[^>]*>", page.content.decode())
    assert scripts and all("src=" in tag for tag in scripts)
    start = admin_client.get("/api/docs/?script=")
    assert start.status_code == 200 and b"SwaggerUIBundle" in start.content
