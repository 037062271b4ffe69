"""The "seen before" API: similar, search, suggestions, the external archive and its import."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import ClaimEvent, ExternalFactCheck, MatchSuggestion
from claims.suggestions import suggestions_for_claims
from tests.api.conftest import api  # noqa: F401  (the per-role client fixture)
from tests.factories import ClaimFactory
from tests.matching.conftest import EARLIER, REWORDED, UNRELATED

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(archive):
    archive(EARLIER, UNRELATED)
    claim = ClaimFactory(text=REWORDED, speaker_resolved="Jane Mayor")
    suggestions_for_claims(claim_ids=[claim.pk])
    return claim


def test_similar_is_ranked_with_score_source_and_why(api, researcher, matched):  # noqa: F811
    body = api("researcher").get(f"/api/v1/claims/{matched.pk}/similar/?limit=2").json()
    assert 1 <= len(body) <= 2
    top = body[0]
    assert top["source"] == "external" and top["url"] == EARLIER["url"]
    assert top["level"] == "probable" and top["verdict"] == "True" and top["date"] == "2019-06-02"
    assert [m["score"] for m in body] == sorted((m["score"] for m in body), reverse=True)
    assert "number:3.9" in top["why"]["shared"]
    for limit in ["0", "51", "abc"]:
        response = api("researcher").get(f"/api/v1/claims/{matched.pk}/similar/?limit={limit}")
        assert response.status_code == 400 and "limit" in response.json()


def test_search_answers_hostile_and_over_long_queries_cleanly(api, researcher, matched):  # noqa: F811
    client = api("researcher")
    body = client.get("/api/v1/search/", {"q": "unemployment 3.9 percent 1969"}).json()
    assert {m["key"] for m in body[:2]} == {
        f"claim:{matched.pk}",
        f"external:{ExternalFactCheck.objects.get(url=EARLIER['url']).pk}",
    }
    assert EARLIER["url"] in {m["url"] for m in body}
    only = client.get("/api/v1/search/", {"q": "unemployment", "source": "claim"}).json()
    assert [m["source"] for m in only] == ["claim"]
    for hostile in ["' OR 1=1; --", "<script>", "%00", "\u202e\u0000", "@@@ ###", "😀" * 100]:
        assert client.get("/api/v1/search/", {"q": hostile}).status_code in (200, 400)
    too_long = client.get("/api/v1/search/", {"q": "word " * 200})
    assert too_long.status_code == 400 and "q" in too_long.json()
    assert client.get("/api/v1/search/").json().keys() == {"q"}
    assert client.get("/api/v1/search/", {"q": "x", "source": "moon"}).json().keys() == {"source"}


def test_suggestions_list_filters_and_confirm_with_history(api, researcher, matched):  # noqa: F811
    client = api("researcher")
    listed = client.get("/api/v1/suggestions/", {"speaker": "Jane Mayor"}).json()
    assert listed["count"] == 1
    item = listed["results"][0]
    assert item["claim"] == matched.pk and item["match"]["publisher"] == "Example Checks"
    assert client.get("/api/v1/suggestions/", {"document": "x"}).json().keys() == {"document"}
    confirmed = client.post(f"/api/v1/suggestions/{item['id']}/confirm/", {}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    assert confirmed.json()["decided_by"] == "rita"
    again = client.post(f"/api/v1/suggestions/{item['id']}/reject/", {}, format="json")
    assert again.status_code == 400 and again.json()["field"] == "state"
    history = client.get(f"/api/v1/claims/{matched.pk}/history/").json()
    assert history[-1]["action"] == "match_confirmed"
    resolved = client.post(
        f"/api/v1/suggestions/{item['id']}/resolve/",
        {"action": "fast_track", "version": 2},
        format="json",
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == "selected"
    assert client.get("/api/v1/suggestions/").json()["count"] == 0


def test_reject_through_the_api_is_remembered(api, researcher, outsider, matched):  # noqa: F811
    suggestion = MatchSuggestion.objects.get(claim=matched)
    url = f"/api/v1/suggestions/{suggestion.pk}/reject/"
    assert api("outsider").post(url, {}, format="json").status_code == 403
    assert api("anonymous").post(url, {}, format="json").status_code == 401
    response = api("researcher").post(url, {"note": "Other year"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    assert ClaimEvent.objects.get(action="match_rejected").note == "Other year"
    assert suggestions_for_claims(claim_ids=[matched.pk]) == 0
    assert api("researcher").get("/api/v1/suggestions/999999/").status_code == 404


def test_external_archive_list_and_import_by_editors(api, editor, researcher, archive):  # noqa: F811
    archive(UNRELATED)
    listed = api("researcher").get("/api/v1/external-fact-checks/", {"q": "bridge"}).json()
    assert listed["count"] == 1 and listed["results"][0]["publisher"] == "Example Checks"
    body = {"@context": "https://schema.org", "@graph": [EARLIER, {"@type": "ClaimReview"}]}
    refused = api("researcher").post("/api/v1/external-fact-checks/import/", body, format="json")
    assert refused.status_code == 403
    response = api("editor").post("/api/v1/external-fact-checks/import/", body, format="json")
    assert response.status_code == 201
    assert response.json()["created"] == 1
    assert response.json()["errors"][0]["record"] == "@graph item 2"
    again = api("editor").post("/api/v1/external-fact-checks/import/", body, format="json")
    assert again.status_code == 200 and again.json()["unchanged"] == 1


def test_import_an_uploaded_file_and_refuse_a_broken_one(api, editor):  # noqa: F811
    tsv = "id\tvclaim\ttitle\n1\tTaxes rose by 5 percent.\tTaxes\n"
    upload = SimpleUploadedFile("snopes_vclaims.tsv", tsv.encode(), "text/tab-separated-values")
    response = api("editor").post(
        "/api/v1/external-fact-checks/import/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert ExternalFactCheck.objects.get().publisher == "Snopes"
    broken = SimpleUploadedFile("x.json", b"{broken", "application/json")
    response = api("editor").post(
        "/api/v1/external-fact-checks/import/", {"file": broken}, format="multipart"
    )
    assert response.status_code == 400 and "file" in response.json()
    not_json = api("editor").post(
        "/api/v1/external-fact-checks/import/", "{nope", content_type="application/json"
    )
    assert not_json.status_code == 400
    assert json.loads(not_json.content)


def test_admin_lists_and_decides_through_the_services(client, superuser, matched):
    client.force_login(superuser)
    for url in [
        "/admin/claims/externalfactcheck/",
        "/admin/claims/matchsuggestion/",
        f"/admin/claims/matchsuggestion/{MatchSuggestion.objects.get().pk}/change/",
        f"/admin/claims/externalfactcheck/{ExternalFactCheck.objects.first().pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url
    suggestion = MatchSuggestion.objects.get()
    response = client.post(
        "/admin/claims/matchsuggestion/",
        {"action": "reject_selected", "_selected_action": [suggestion.pk]},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == "rejected" and suggestion.decided_by == superuser
    assert ClaimEvent.objects.filter(claim=matched, action="match_rejected").count() == 1


def test_api_lists_run_a_fixed_number_of_queries(
    api,  # noqa: F811
    researcher,
    archive,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    archive(EARLIER)
    client = api("researcher")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = ClaimFactory(text=REWORDED)
    suggestions_for_claims(claim_ids=[first.pk])
    urls = ["/api/v1/suggestions/", "/api/v1/external-fact-checks/", "/api/v1/search/?q=1969"]
    few = [count(url) for url in urls]
    for n in range(10):
        claim = ClaimFactory(text=f"{REWORDED} Take {n}.")
        suggestions_for_claims(claim_ids=[claim.pk])
    count(urls[2])  # the index takes in the new vectors once
    assert [count(url) for url in urls] == few
