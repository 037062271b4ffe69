"""/api/v1/speakers/, the claim speaker correction and the ?speaker= filter."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimEvent, Speaker
from claims.speakers import refresh_keys
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def speaker(name, **fields):
    item = Speaker(name=name, **fields)
    refresh_keys(item)
    item.save()
    return item


def said_by(who, **fields):
    return ClaimFactory(speaker_ref=who, speaker_resolved=who.name, **fields)


@pytest.mark.parametrize("role, code", [("anonymous", 401), ("outsider", 403)])
def test_speakers_are_for_the_team_only(api, role, code):
    joe = speaker("Joe Biden")
    client = api(role)
    assert client.get("/api/v1/speakers/").status_code == code
    assert client.get(f"/api/v1/speakers/{joe.pk}/").status_code == code
    assert client.post(f"/api/v1/speakers/{joe.pk}/merge/", {"target": 1}).status_code == code


def test_list_searches_and_counts(api):
    joe = speaker("Joe Biden", aliases=["Joseph Biden"], party="Democratic")
    speaker("Facebook", kind="organization")
    said_by(joe)
    ClaimFactory(published=True, speaker_ref=joe, speaker_resolved=joe.name)
    client = api("researcher")
    rows = client.get("/api/v1/speakers/?q=joseph").json()["results"]
    assert [(r["name"], r["claim_count"], r["published_count"]) for r in rows] == [
        ("Joe Biden", 2, 1)
    ]
    assert rows[0]["aliases"] == ["Joseph Biden"] and rows[0]["slug"] == "joe-biden"
    orgs = client.get("/api/v1/speakers/?kind=organization").json()["results"]
    assert [r["name"] for r in orgs] == ["Facebook"]
    bad = client.get("/api/v1/speakers/?kind=robot")
    assert bad.status_code == 400 and "kind" in bad.json()
    detail = client.get(f"/api/v1/speakers/{joe.pk}/").json()
    assert detail["party"] == "Democratic" and detail["claim_count"] == 2
    assert client.get("/api/v1/speakers/nope/").status_code == 404


def test_editor_renames_through_the_api_with_history(api):
    jo = speaker("Jo Biden")
    claim = said_by(jo)
    response = api("editor").patch(
        f"/api/v1/speakers/{jo.pk}/", {"name": "Joe Biden", "role": "President"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Joe Biden" and response.json()["aliases"] == ["Jo Biden"]
    claim.refresh_from_db()
    assert claim.speaker_resolved == "Joe Biden"
    history = api("editor").get(f"/api/v1/claims/{claim.pk}/history/").json()
    assert history[-1]["action"] == "speaker" and history[-1]["data"]["change"] == "rename"


def test_bad_speaker_input_names_the_field(api):
    jo, joe = speaker("Jo Biden"), speaker("Joe Biden")
    client = api("editor")
    response = client.patch(f"/api/v1/speakers/{jo.pk}/", {"kind": "robot"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()
    response = client.patch(f"/api/v1/speakers/{jo.pk}/", {"name": "Joe Biden"}, format="json")
    assert response.status_code == 400 and "merge" in response.json()["name"][0]
    response = client.post(f"/api/v1/speakers/{jo.pk}/merge/", {"target": 0}, format="json")
    assert response.status_code == 400 and "target" in response.json()
    response = client.post(f"/api/v1/speakers/{jo.pk}/merge/", {"target": jo.pk}, format="json")
    assert response.status_code == 400 and "target" in response.json()
    assert Speaker.objects.filter(pk__in=[jo.pk, joe.pk]).count() == 2


def test_researcher_cannot_rename_or_merge(api):
    jo, joe = speaker("Jo Biden"), speaker("Joe Biden")
    client = api("researcher")
    response = client.patch(f"/api/v1/speakers/{jo.pk}/", {"name": "Joseph Biden"}, format="json")
    assert response.status_code == 403
    response = client.post(f"/api/v1/speakers/{jo.pk}/merge/", {"target": joe.pk}, format="json")
    assert response.status_code == 403
    assert Speaker.objects.get(pk=jo.pk).name == "Jo Biden"


def test_editor_merges_through_the_api_with_history(api):
    jo, joe = speaker("Jo Biden"), speaker("Joe Biden")
    moved = [said_by(jo), said_by(jo)]
    response = api("editor").post(
        f"/api/v1/speakers/{jo.pk}/merge/", {"target": joe.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == joe.pk and response.json()["claim_count"] == 2
    assert not Speaker.objects.filter(pk=jo.pk).exists()
    events = ClaimEvent.objects.filter(action="speaker", claim__in=moved)
    assert events.count() == 2
    assert all(e.data["from"]["name"] == "Jo Biden" for e in events)
    assert api("editor").get(f"/api/v1/speakers/{jo.pk}/").status_code == 404


def test_claims_filter_by_speaker_id_and_still_by_text(api):
    joe, kamala = speaker("Joe Biden"), speaker("Kamala Harris")
    mine = said_by(joe)
    said_by(kamala)
    written = ClaimFactory(speaker="the Biden campaign")
    client = api("researcher")

    def listed(query):
        return {row["id"] for row in client.get(f"/api/v1/claims/?{query}").json()["results"]}

    assert listed(f"speaker={joe.pk}") == {mine.pk}
    assert listed("speaker=biden") == {mine.pk, written.pk}
    assert listed("speaker=99999999") == set()
    assert listed(f"speaker={2**64}") == set()
    row = client.get(f"/api/v1/claims/{mine.pk}/").json()
    assert row["speaker_id"] == joe.pk and row["speaker_resolved"] == "Joe Biden"


def test_researcher_corrects_a_claims_speaker_through_the_api(api):
    claim = ClaimFactory(selected=True, speaker="Ms Smith")
    client = api("researcher")
    response = client.post(
        f"/api/v1/claims/{claim.pk}/speaker/",
        {"name": "Ann Smith", "kind": "person", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    ann = Speaker.objects.get(name="Ann Smith")
    assert (body["speaker_id"], body["speaker_resolved"], body["version"]) == (
        ann.pk,
        "Ann Smith",
        2,
    )
    bob = speaker("Bob Jones")
    response = client.post(
        f"/api/v1/claims/{claim.pk}/speaker/", {"speaker": bob.pk, "version": 2}, format="json"
    )
    assert response.json()["speaker_id"] == bob.pk
    history = client.get(f"/api/v1/claims/{claim.pk}/history/").json()
    assert [e["data"]["to"]["name"] for e in history if e["action"] == "speaker"] == [
        "Ann Smith",
        "Bob Jones",
    ]


def test_a_stale_speaker_correction_answers_409(api):
    claim = ClaimFactory(selected=True, version=5)
    response = api("editor").post(
        f"/api/v1/claims/{claim.pk}/speaker/", {"name": "Ann Smith", "version": 4}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 5 and response.json()["field"] == "version"
    assert not Speaker.objects.exists()


def test_bad_claim_speaker_input_names_the_field(api):
    claim = ClaimFactory(selected=True)
    client = api("researcher")
    url = f"/api/v1/claims/{claim.pk}/speaker/"
    response = client.post(url, {"speaker": 424242, "version": 1}, format="json")
    assert response.status_code == 400 and "speaker" in response.json()
    response = client.post(url, {"name": "Ann Smith"}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    response = client.post(url, {"name": "he", "version": 1}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    assert (
        api("outsider").post(url, {"name": "A B", "version": 1}, format="json").status_code == 403
    )


def test_speaker_endpoints_queries_do_not_grow(api):
    client = api("researcher")
    joe = speaker("Joe Biden")
    said_by(joe)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few_list, few_detail = count("/api/v1/speakers/"), count(f"/api/v1/speakers/{joe.pk}/")
    for i in range(20):
        said_by(speaker(f"Person Number{i}"))
        said_by(joe)
    assert count("/api/v1/speakers/") == few_list <= 4
    assert count(f"/api/v1/speakers/{joe.pk}/") == few_detail <= 3
    assert count(f"/api/v1/claims/?speaker={joe.pk}") == 2


def test_schema_documents_the_speaker_endpoints(api):
    paths = api("anonymous").get("/api/schema/?format=json").json()["paths"]
    correction = paths["/api/v1/claims/{id}/speaker/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(correction["responses"])
    assert {"get", "patch"} <= set(paths["/api/v1/speakers/{id}/"])
    assert "post" in paths["/api/v1/speakers/{id}/merge/"]
    params = {p["name"] for p in paths["/api/v1/speakers/"]["get"]["parameters"]}
    assert {"q", "kind", "page"} <= params


def test_claimreview_author_is_the_speaker_person_or_organization(api):
    facebook = speaker("Facebook", kind="organization")
    joe = speaker("Joe Biden")
    by_org = ClaimFactory(published=True, speaker="the company", speaker_ref=facebook)
    by_person = ClaimFactory(published=True, speaker="Mr. Biden", speaker_ref=joe, slug="b")
    written_only = ClaimFactory(published=True, speaker="Jane Roe", speaker_resolved="", slug="c")
    client = api("anonymous")

    def author(claim):
        review = client.get(f"/api/v1/public/fact-checks/{claim.pk}/").json()
        return review["itemReviewed"].get("author")

    assert author(by_org) == {"@type": "Organization", "name": "Facebook"}
    assert author(by_person) == {"@type": "Person", "name": "Joe Biden"}
    assert author(written_only) == {"@type": "Person", "name": "Jane Roe"}
    feed = client.get("/api/v1/public/fact-checks/").json()["results"]
    assert {"@type": "Organization", "name": "Facebook"} in [
        r["itemReviewed"].get("author") for r in feed
    ]
