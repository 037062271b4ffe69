"""The claim endpoints: list (filters, search, ordering, keyset pages), detail, edits and the
workflow actions, with their error answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimEvent
from claims.vectors import vectors_for_claims
from tests.factories import ClaimFactory, DocumentFactory, EvidenceFactory, rating

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# --- list ---


def test_list_is_the_triage_queue_highest_score_first(api, researcher):
    low, high, mid = (ClaimFactory(score=s) for s in (0.2, 0.9, 0.5))
    response = api("researcher").get("/api/v1/claims/")
    assert response.status_code == 200
    assert ids(response) == [high.pk, mid.pk, low.pk]
    row = response.json()["results"][0]
    assert row["document"] == {"id": high.document_id, "title": high.document.title}
    assert row["assignee"] is None and row["rating"] is None
    assert set(row) >= {"text", "speaker", "score", "status", "version", "claim_type", "due_at"}


def test_list_filters(api, researcher, researcher2):
    doc = DocumentFactory()
    a = ClaimFactory(
        document=doc,
        status="selected",
        assignee=researcher,
        claim_type="causal",
        speaker_resolved="Jane Smith",
        score=0.8,
    )
    b = ClaimFactory(researching=True, assignee=researcher2, score=0.3)
    c = ClaimFactory(score=0.6)
    client = api("researcher")

    def listed(query: str) -> set[int]:
        response = client.get(f"/api/v1/claims/?{query}")
        assert response.status_code == 200, response.content
        return set(ids(response))

    assert listed("status=selected") == {a.pk}
    assert listed("claim_type=causal") == {a.pk}
    assert listed("score_min=0.5&score_max=0.7") == {c.pk}
    assert listed(f"assignee={researcher2.pk}") == {b.pk}
    assert listed("mine=true") == {a.pk}
    assert listed("mine=false") == {b.pk, c.pk}
    assert listed("speaker=smith") == {a.pk}
    assert listed(f"document={doc.pk}") == {a.pk}
    assert listed("has_verdict=true") == {b.pk}
    assert listed("has_verdict=false") == {a.pk, c.pk}
    future = (timezone.now() + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert listed(f"created_before={future}") == {a.pk, b.pk, c.pk}
    assert listed(f"created_after={future}") == set()


def test_list_full_text_search(api, researcher):
    hit = ClaimFactory(text="The new hospital wing cost forty million pounds.")
    ClaimFactory(text="Crime fell by a third in five years.")
    response = api("researcher").get("/api/v1/claims/?q=hospital")
    assert ids(response) == [hit.pk]


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=bogus", "status"),
        ("score_min=abc", "score_min"),
        ("assignee=-4", "assignee"),
        ("assignee=99999999999999999999999", "assignee"),
        ("ordering=text", "ordering"),
        ("page_size=0", "page_size"),
        ("page_size=many", "page_size"),
        ("cursor=garbage", "cursor"),
        ("created_after=yesterday", "created_after"),
    ],
)
def test_bad_list_parameters_answer_400_naming_the_parameter(api, researcher, query, field):
    ClaimFactory()
    response = api("researcher").get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    "ordering", ["-score", "score", "priority", "-created_at", "due_at", "-due_at"]
)
def test_keyset_pages_walk_the_whole_list_both_ways(api, researcher, ordering):
    now = timezone.now()
    for i in range(11):
        ClaimFactory(
            score=[0.5, 0.7, 0.7, 0.9][i % 4],
            priority=1 + i % 3,
            due_at=None if i % 3 == 0 else now + timedelta(days=i % 5),
        )
    client = api("researcher")
    url = f"/api/v1/claims/?ordering={ordering}&page_size=3"
    expected = ids(client.get(f"/api/v1/claims/?ordering={ordering}&page_size=100"))
    assert len(expected) == 11
    pages, seen = [], []
    while url:
        body = client.get(url).json()
        pages.append(body)
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert seen == expected
    assert pages[0]["previous"] is None
    # And back again from the last page.
    url, back = pages[-1]["previous"], []
    while url:
        body = client.get(url).json()
        back = [r["id"] for r in body["results"]] + back
        url = body["previous"]
    assert back + [r["id"] for r in pages[-1]["results"]] == expected


def test_a_cursor_from_another_ordering_is_refused(api, researcher):
    for _ in range(3):
        ClaimFactory()
    client = api("researcher")
    next_url = client.get("/api/v1/claims/?page_size=1").json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    response = client.get(f"/api/v1/claims/?ordering=priority&page_size=1&cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()


# --- detail and PATCH ---


def test_detail_has_document_verdict_and_evidence(api, researcher):
    claim = ClaimFactory(researching=True, assignee=researcher, reasons=["year: 2019"])
    response = api("editor").get(f"/api/v1/claims/{claim.pk}/")
    body = response.json()
    assert body["id"] == claim.pk and body["version"] == claim.version
    assert body["document"]["title"] == claim.document.title
    assert body["rating"]["name"] == "False"
    assert body["assignee"] == {"id": researcher.pk, "username": "rita"}
    assert [e["stance"] for e in body["evidence"]] == ["refutes"]
    assert body["reasons"] == ["year: 2019"]


def test_missing_claim_is_404(api, researcher):
    assert api("researcher").get("/api/v1/claims/999999/").status_code == 404


def test_patch_changes_triage_fields_and_bumps_the_version(api, researcher):
    claim = ClaimFactory()
    due = "2030-01-02T03:04:05Z"
    response = api("researcher").patch(
        f"/api/v1/claims/{claim.pk}/",
        {
            "priority": 4,
            "due_at": due,
            "claim_type": "event",
            "speaker_resolved": "Jo Bloggs",
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["priority"], body["due_at"], body["claim_type"], body["version"]) == (
        4,
        due,
        "event",
        2,
    )
    assert ClaimEvent.objects.get(claim=claim).action == "updated"


def test_patch_with_a_stale_version_is_409_with_the_current_version(api, researcher):
    claim = ClaimFactory(version=3)
    response = api("researcher").patch(
        f"/api/v1/claims/{claim.pk}/", {"priority": 4, "version": 2}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 3 and body["field"] == "version"
    assert "Reload" in body["detail"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"priority": 4}, "version"),
        ({"priority": 9, "version": 1}, "priority"),
        ({"claim_type": "gossip", "version": 1}, "claim_type"),
        ({"due_at": "soon", "version": 1}, "due_at"),
        ({"version": "one"}, "version"),
    ],
)
def test_bad_patch_is_400_naming_the_field(api, researcher, body, field):
    claim = ClaimFactory()
    response = api("researcher").patch(f"/api/v1/claims/{claim.pk}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_put_is_not_allowed(api, researcher):
    claim = ClaimFactory()
    response = api("researcher").put(f"/api/v1/claims/{claim.pk}/", {}, format="json")
    assert response.status_code == 405


# --- workflow actions ---


def test_transition_moves_the_claim_and_writes_one_event(api, researcher):
    claim = ClaimFactory()
    response = api("researcher").post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"to": "dismissed", "note": "Opinion, not checkable.", "version": 1},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed"
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.from_status, event.to_status, event.note) == (
        "new",
        "dismissed",
        "Opinion, not checkable.",
    )


@pytest.mark.parametrize(
    "status, body, code, field",
    [
        ("new", {"to": "dismissed"}, 400, "note"),  # guard: a note is needed
        ("new", {"to": "published"}, 400, "to"),  # not in the table
        ("new", {"to": "nonsense"}, 400, "to"),  # not a status
        ("selected", {"to": "researching"}, 400, None),  # guard: no assignee
        ("in_review", {"to": "approved"}, 403, None),  # role: editors only
    ],
)
def test_refused_transitions(api, researcher, status, body, code, field):
    claim = ClaimFactory(**{status: True})
    response = api("researcher").post(
        f"/api/v1/claims/{claim.pk}/transition/", {**body, "version": claim.version}, format="json"
    )
    assert response.status_code == code, response.content
    data = response.json()
    if "detail" in data:
        assert data["detail"] and data["field"] == field
    else:
        assert field in data
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_four_eyes_the_submitter_cannot_approve(api, editor):
    claim = ClaimFactory(in_review=True, submitted_by=editor)
    response = api("editor").post(
        f"/api/v1/claims/{claim.pk}/transition/", {"to": "approved", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "Another editor" in response.json()["detail"]


def test_transitions_lists_what_the_caller_may_do(api, researcher, editor):
    claim = ClaimFactory()
    body = api("researcher").get(f"/api/v1/claims/{claim.pk}/transitions/").json()
    assert {(t["to"], t["needs_note"]) for t in body} == {("selected", False), ("dismissed", True)}
    approved = ClaimFactory(in_review=True, assignee=researcher)
    assert api("researcher").get(f"/api/v1/claims/{approved.pk}/transitions/").json() == []
    assert {
        t["to"] for t in api("editor").get(f"/api/v1/claims/{approved.pk}/transitions/").json()
    } == {"approved", "researching"}


def test_assign_to_me_to_a_user_id_and_to_nobody(api, researcher, editor):
    claim = ClaimFactory()
    client = api("editor")
    url = f"/api/v1/claims/{claim.pk}/assign/"
    body = client.post(url, {"assignee": "me", "version": 1}, format="json").json()
    assert body["assignee"]["id"] == editor.pk
    body = client.post(url, {"assignee": researcher.pk, "version": 2}, format="json").json()
    assert body["assignee"]["id"] == researcher.pk
    body = client.post(url, {"assignee": None, "version": 3}, format="json").json()
    assert body["assignee"] is None and body["version"] == 4


@pytest.mark.parametrize("assignee", [999999, "someone", 1.5, [], True])
def test_assign_to_an_unknown_user_is_400(api, editor, assignee):
    claim = ClaimFactory()
    response = api("editor").post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": assignee, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "assignee" in response.json()


def test_assign_an_outsider_is_refused_naming_the_field(api, editor, outsider):
    claim = ClaimFactory()
    response = api("editor").post(
        f"/api/v1/claims/{claim.pk}/assign/",
        {"assignee": outsider.pk, "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "assignee"


def test_researcher_cannot_take_someone_elses_claim(api, researcher, researcher2):
    claim = ClaimFactory(assignee=researcher2)
    response = api("researcher").post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": "me", "version": 1}, format="json"
    )
    assert response.status_code == 403


def test_verdict_and_submit_for_review(api, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    EvidenceFactory(claim=claim)
    client = api("researcher")
    response = client.post(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {
            "rating": rating("mostly-false").pk,
            "verdict_summary": "Off by a point.",
            "verdict_explanation": "The statistics office says 3.7.",
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["rating"]["slug"] == "mostly-false" and body["verdict_summary"] == "Off by a point."
    response = client.post(
        f"/api/v1/claims/{claim.pk}/transition/", {"to": "in_review", "version": 2}, format="json"
    )
    assert response.json()["status"] == "in_review"
    assert response.json()["submitted_by"]["id"] == researcher.pk


def test_verdict_with_an_unknown_rating_is_400(api, editor):
    claim = ClaimFactory(status="selected")
    response = api("editor").post(
        f"/api/v1/claims/{claim.pk}/verdict/", {"rating": 9999, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "rating" in response.json()


def test_verdict_on_a_new_claim_is_refused(api, editor):
    claim = ClaimFactory()
    response = api("editor").post(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": rating().pk, "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "rating"


def test_evidence_add_and_list(api, researcher):
    claim = ClaimFactory()
    client = api("researcher")
    response = client.post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {
            "url": "https://stats.example.org/labour",
            "title": "Labour statistics",
            "publisher": "Statistics Office",
            "excerpt": "3.7 percent",
            "stance": "refutes",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["added_by"]["username"] == "rita"
    listed = client.get(f"/api/v1/claims/{claim.pk}/evidence/").json()
    assert [e["url"] for e in listed] == ["https://stats.example.org/labour"]
    assert client.get(f"/api/v1/claims/{claim.pk}/").json()["version"] == 2


@pytest.mark.parametrize(
    "body, field",
    [
        ({"url": "ftp://example.org/x"}, "url"),
        ({"url": "https://example.org/x", "stance": "maybe"}, "stance"),
        ({"title": "No url"}, "url"),
    ],
)
def test_bad_evidence_is_400_naming_the_field(api, researcher, body, field):
    claim = ClaimFactory()
    response = api("researcher").post(f"/api/v1/claims/{claim.pk}/evidence/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_comments_and_history(api, researcher):
    claim = ClaimFactory()
    client = api("researcher")
    response = client.post(
        f"/api/v1/claims/{claim.pk}/comments/", {"body": "On it."}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["author"]["username"] == "rita"
    assert client.post(
        f"/api/v1/claims/{claim.pk}/comments/", {"body": "  "}, format="json"
    ).json() == {"body": ["The comment is empty."]}
    assert [c["body"] for c in client.get(f"/api/v1/claims/{claim.pk}/comments/").json()] == [
        "On it."
    ]
    history = client.get(f"/api/v1/claims/{claim.pk}/history/").json()
    assert [(e["action"], e["actor"]["username"]) for e in history] == [("comment", "rita")]


def test_duplicate_marks_and_refuses_itself(api, researcher):
    original, copy = ClaimFactory(), ClaimFactory()
    client = api("researcher")
    response = client.post(
        f"/api/v1/claims/{copy.pk}/duplicate/",
        {"duplicate_of": original.pk, "version": 1},
        format="json",
    )
    assert response.json()["duplicate_of"] == original.pk
    response = client.post(
        f"/api/v1/claims/{copy.pk}/duplicate/",
        {"duplicate_of": copy.pk, "version": 2},
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "duplicate_of"
    response = client.post(
        f"/api/v1/claims/{copy.pk}/duplicate/",
        {"duplicate_of": 999999, "version": 2},
        format="json",
    )
    assert response.status_code == 400 and "duplicate_of" in response.json()


def test_similar_claims(api, researcher):
    claim = ClaimFactory(text="Unemployment fell to 3.9 percent in 2019, the lowest since 1969.")
    twin = ClaimFactory(text="Unemployment fell to 3.9 percent in 2019, lowest since 1969!")
    bridge = ClaimFactory(text="The bridge was built in 1890 by volunteers.")
    vectors_for_claims([claim.pk, twin.pk, bridge.pk])
    body = api("researcher").get(f"/api/v1/claims/{claim.pk}/similar/?limit=3").json()
    assert body[0]["id"] == twin.pk and body[0]["source"] == "claim"
    assert body[0]["level"] == "probable" and 0 < body[0]["score"] <= 1
    assert "year:1969" in body[0]["why"]["shared"]
    assert all(m["level"] == "" for m in body if m["id"] == bridge.pk)


def test_bulk_is_all_or_nothing_and_answers_per_id(api, researcher):
    new, dismissed = ClaimFactory(), ClaimFactory(dismissed=True)
    response = api("researcher").post(
        "/api/v1/claims/bulk/",
        {"ids": [new.pk, dismissed.pk, 999999], "action": "transition", "to": "selected"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["applied"] is False and body["done"] == []
    assert [r["id"] for r in body["refused"]] == [dismissed.pk, 999999]
    assert all(r["reason"] for r in body["refused"])
    new.refresh_from_db()
    assert new.status == "new"


def test_bulk_assign_to_me(api, researcher):
    claims = [ClaimFactory(), ClaimFactory()]
    response = api("researcher").post(
        "/api/v1/claims/bulk/",
        {"ids": [c.pk for c in claims], "action": "assign", "assignee": "me"},
        format="json",
    )
    assert response.json() == {"applied": True, "done": [c.pk for c in claims], "refused": []}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"ids": [], "action": "transition", "to": "selected"}, "ids"),
        ({"ids": [1], "action": "explode"}, "action"),
        ({"ids": [1], "action": "transition"}, "to"),
        ({"ids": [1], "action": "assign"}, "assignee"),
        ({"ids": list(range(1, 600)), "action": "transition", "to": "selected"}, "ids"),
    ],
)
def test_bad_bulk_is_400(api, researcher, body, field):
    response = api("researcher").post("/api/v1/claims/bulk/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
