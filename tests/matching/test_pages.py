"""The editor pages of "seen before": claim page section, review queue, search; htmx."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimEvent, ExternalFactCheck, MatchSuggestion
from claims.suggestions import suggestion_confirm, suggestions_for_claims
from claims.vectors import vectors_for_claims
from tests.factories import ClaimFactory, DocumentFactory
from tests.matching.conftest import EARLIER, REWORDED, UNRELATED, review

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def matched(archive):
    archive(EARLIER, UNRELATED)
    claim = ClaimFactory(text=REWORDED)
    suggestions_for_claims(claim_ids=[claim.pk])
    return claim


def test_claim_page_shows_seen_before_with_verdict_publisher_date_and_link(
    client, researcher, matched
):
    client.force_login(researcher)
    html = client.get(matched.get_absolute_url()).content.decode()
    section = html[html.index('id="seen-before"') :]
    assert "Probably checked before" in section and "Example Checks" in section
    assert '<strong class="rating">True</strong>' in section and "2 Jun 2019" in section
    assert f'href="{EARLIER["url"]}"' in section
    assert 'name="decision" value="confirm"' in section and "bridge" not in section


def test_confirm_through_the_claim_page_with_htmx_swaps_the_section(client, researcher, matched):
    client.force_login(researcher)
    target = MatchSuggestion.objects.get(claim=matched).target_key
    response = client.post(
        f"/claims/{matched.pk}/seen-before/",
        {"target": target, "decision": "confirm"},
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section aria-labelledby="seen-before-h"')
    assert "Confirmed by rita" in body and "Fast-track with this verdict" in body
    matched.refresh_from_db()
    assert matched.checked_elsewhere.url == EARLIER["url"]
    page = client.get(matched.get_absolute_url()).content.decode()
    assert "Already checked by" in page and "Seen before: confirmed" in page


def test_a_live_match_is_stored_as_it_is_rejected_and_then_gone(client, researcher, archive):
    archive(EARLIER)
    claim = ClaimFactory(text=REWORDED)  # from before matching: no stored suggestion
    client.force_login(researcher)
    assert "Example Checks" in client.get(claim.get_absolute_url()).content.decode()
    key = f"external:{ExternalFactCheck.objects.get().pk}"
    response = client.post(
        f"/claims/{claim.pk}/seen-before/", {"target": key, "decision": "reject"}
    )
    assert response.status_code == 302
    assert MatchSuggestion.objects.get(claim=claim).state == "rejected"
    assert ClaimEvent.objects.filter(claim=claim, action="match_rejected").count() == 1
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Example Checks" not in html[html.index('id="seen-before"') :]


def test_deciding_twice_or_as_an_outsider_is_refused(client, researcher, outsider, matched):
    suggestion = MatchSuggestion.objects.get(claim=matched)
    client.force_login(outsider)
    data = {"target": suggestion.target_key, "decision": "confirm"}
    assert client.post(f"/claims/{matched.pk}/seen-before/", data).status_code == 403
    suggestion_confirm(suggestion=suggestion, actor=researcher)
    client.force_login(researcher)
    response = client.post(
        f"/claims/{matched.pk}/seen-before/", {**data, "decision": "reject"}, **HTMX
    )
    assert response.status_code == 400 and "already confirmed" in response.content.decode()
    bad = client.post(
        f"/claims/{matched.pk}/seen-before/", {"target": "x:1", "decision": "no"}, **HTMX
    )
    assert bad.status_code == 400


def test_dismiss_from_the_claim_page(client, researcher, matched):
    suggestion = MatchSuggestion.objects.get(claim=matched)
    suggestion_confirm(suggestion=suggestion, actor=researcher)
    client.force_login(researcher)
    response = client.post(
        f"/claims/{matched.pk}/seen-before/resolve/",
        {"suggestion": suggestion.pk, "action": "dismiss", "version": 2},
    )
    assert response.status_code == 302
    matched.refresh_from_db()
    assert matched.status == "dismissed"
    stale = client.post(
        f"/claims/{matched.pk}/seen-before/resolve/",
        {"suggestion": suggestion.pk, "action": "dismiss", "version": 2},
        follow=True,
    )
    assert "changed by someone else" in stale.content.decode()


def test_review_queue_highest_score_first_filtered_and_decided_in_place(client, editor, archive):
    archive(
        EARLIER,
        review(
            url="https://factcheck.example.org/x", claimReviewed="Crime fell by 10 percent in 2020."
        ),
    )
    close = ClaimFactory(text=REWORDED, speaker_resolved="Jane Mayor")
    loose = ClaimFactory(text="Crime fell by 12 percent in 2020 in the city.")
    suggestions_for_claims(claim_ids=[close.pk, loose.pk])
    client.force_login(editor)
    page = client.get("/suggestions/")
    rows = list(page.context["page"].object_list)
    assert [s.claim for s in rows] == [close, loose]
    assert rows[0].score >= rows[1].score
    assert [s.claim for s in client.get("/suggestions/?speaker=jane mayor").context["page"]] == [
        close
    ]
    by_document = client.get(f"/suggestions/?document={loose.document_id}").context["page"]
    assert [s.claim for s in by_document] == [loose]
    assert client.get("/suggestions/?document=abc").status_code == 400
    response = client.post(f"/suggestions/{rows[1].pk}/decide/", {"decision": "reject"}, **HTMX)
    assert response.status_code == 200 and 'id="suggestion-' in response.content.decode()
    assert "Rejected by eddie" in response.content.decode()
    assert [s.claim for s in client.get("/suggestions/").context["page"]] == [close]


def test_search_page_highlights_and_filters(client, researcher, archive):
    archive(EARLIER, UNRELATED)
    own = ClaimFactory(text="Unemployment is the lowest since 1969, the mayor says.")
    vectors_for_claims([own.pk])
    client.force_login(researcher)
    response = client.get("/search/", {"q": "unemployment lowest since 1969"})
    html = response.content.decode()
    assert "<mark>Unemployment</mark>" in html and "<mark>1969</mark>" in html
    sources = {m.source for m in response.context["results"]}
    assert sources == {"claim", "external"}
    only = client.get(
        "/search/", {"q": "unemployment", "source": "external", "publisher": "example checks"}
    )
    assert {m.source for m in only.context["results"]} == {"external"}
    hostile = client.get("/search/", {"q": "<script>alert(1)</script> ' OR 1=1"})
    assert hostile.status_code == 200 and "<script>alert" not in hostile.content.decode()
    too_long = client.get("/search/", {"q": "x" * 501})
    assert too_long.status_code == 400 and "at most 500 characters" in too_long.content.decode()


def test_new_pages_are_for_the_team(client, outsider):
    for url in ["/search/", "/suggestions/"]:
        assert client.get(url).status_code == 302
    client.force_login(outsider)
    for url in ["/search/", "/suggestions/"]:
        assert client.get(url).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_matches(client, editor, archive):
    client.force_login(editor)
    reviews = [
        review(url=f"https://factcheck.example.org/{n}", claimReviewed=f"{REWORDED} Part {n}.")
        for n in range(12)
    ]
    archive(*reviews[:2])
    first = ClaimFactory(text=f"{REWORDED} Version one.")  # own claims and external ones match
    vectors_for_claims([first.pk])
    claim = ClaimFactory(text=REWORDED)
    suggestions_for_claims(claim_ids=[claim.pk])
    few = {
        "claim": _queries(client, claim.get_absolute_url()),
        "queue": _queries(client, "/suggestions/"),
        "search": _queries(client, "/search/?q=unemployment+1969"),
    }
    archive(*reviews[2:])
    for n in range(8):
        other = ClaimFactory(document=DocumentFactory(), text=f"{REWORDED} Version {n}.")
        suggestions_for_claims(claim_ids=[other.pk])
    MatchSuggestion.objects.filter(claim=claim).delete()
    suggestions_for_claims(claim_ids=[claim.pk])
    _queries(client, claim.get_absolute_url())  # the index takes in the new vectors once
    many = {
        "claim": _queries(client, claim.get_absolute_url()),
        "queue": _queries(client, "/suggestions/"),
        "search": _queries(client, "/search/?q=unemployment+1969"),
    }
    assert many == few
    assert few["queue"] <= 8 and few["search"] <= 10
