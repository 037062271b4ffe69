"""Every page's answer for every member of the cast."""

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory

TEAM_PAGES = [
    "dashboard",
    "triage",
    "documents",
    "document_add",
    "document",
    "document_live",
    "claim",
    "notifications",
]
CAST = ["researcher", "researcher2", "editor", "outsider", "anonymous"]


@pytest.fixture
def urls(db):
    claim = ClaimFactory()
    public = ClaimFactory(published=True)
    return {
        "dashboard": reverse("claims:dashboard"),
        "triage": reverse("claims:triage"),
        "documents": reverse("claims:documents"),
        "document_add": reverse("claims:document_add"),
        "document": claim.document.get_absolute_url(),
        "document_live": reverse("claims:document_live", args=[claim.document.pk]),
        "claim": claim.get_absolute_url(),
        "notifications": reverse("claims:notifications"),
        "fact_checks": reverse("claims:fact_checks"),
        "fact_check": public.get_public_url(),
        "unpublished_fact_check": reverse("claims:fact_check", args=[claim.pk, "claim"]),
    }


def _client_for(who, request, client):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("page", TEAM_PAGES)
def test_team_pages_open_to_the_team_only(page, who, urls, request, client):
    response = _client_for(who, request, client).get(urls[page])
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif who == "outsider":
        assert response.status_code == 403
        assert b"fact-checking team" in response.content
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("page", ["fact_checks", "fact_check"])
def test_public_pages_open_to_everyone(page, who, urls, request, client):
    assert _client_for(who, request, client).get(urls[page]).status_code == 200


@pytest.mark.parametrize("who", CAST)
def test_unpublished_claim_has_no_public_page(who, urls, request, client):
    assert _client_for(who, request, client).get(urls["unpublished_fact_check"]).status_code == 404


@pytest.mark.parametrize("who", ["researcher", "editor", "outsider", "anonymous"])
def test_missing_pages_are_404(who, request, client, db):
    client = _client_for(who, request, client)
    for url in ["/claims/999999/", "/documents/999999/", "/fact-checks/999999-x/", "/nowhere/"]:
        response = client.get(url)
        expected = (
            {404}
            if who not in ("anonymous", "outsider")
            or url.startswith(("/fact-checks/", "/nowhere/"))
            else {302, 403}
        )
        assert response.status_code in expected, url


def test_login_page_renders(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'<label for="id_username"' in response.content


def test_login_then_dashboard(client, researcher):
    response = client.post(
        reverse("login"),
        {"username": "rita", "password": "correct horse battery staple"},
        follow=True,
    )
    assert response.status_code == 200
    assert b"Dashboard" in response.content


@pytest.mark.parametrize(
    "name",
    [
        "claim_transition",
        "claim_assign",
        "claim_verdict",
        "claim_evidence",
        "claim_comment",
        "claim_details",
        "claim_duplicate",
    ],
)
def test_claim_actions_refuse_outsiders_and_anonymous(name, client, outsider):
    claim = ClaimFactory()
    url = reverse(f"claims:{name}", args=[claim.pk])
    assert client.post(url, {"version": 1}).status_code == 302
    client.force_login(outsider)
    assert client.post(url, {"version": 1}).status_code == 403
    claim.refresh_from_db()
    assert claim.version == 1
    assert claim.events.count() == 0


def test_outsider_cannot_add_documents(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("claims:document_add"), {"text": "Taxes rose 5% in 2020."})
    assert response.status_code == 403
