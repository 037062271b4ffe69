"""The rules in claims.workflow, one per action, and what the faces make of them: the same
HTTP status on the pages and in the API, the notice a step sends, one URL check, one MAX_ID.

Expected outcomes are written out by hand, not derived from the code under test."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from claims import errors, fetch, seen_rules, workflow
from claims.forms import DocumentForm, EvidenceForm
from claims.models import Claim, Notification, NotificationKind
from claims.services import claims as claim_services
from claims.services import documents as document_services
from claims.validators import MAX_ID, URL_MESSAGE, url_error
from claims.workflow import PermissionRefused, StaleVersion, Status, WorkflowError
from tests.factories import ClaimFactory, DocumentFactory, EvidenceFactory, UserFactory, rating

S = Status
pytestmark = pytest.mark.django_db


def code(refusal: WorkflowError | None) -> str | None:
    return None if refusal is None else refusal.code


# --- One rule per action ---


def test_assign_rule(researcher, researcher2, editor, outsider):
    free = ClaimFactory(status=S.SELECTED)
    held = ClaimFactory(status=S.SELECTED, assignee=researcher2)
    assert code(workflow.assign_refusal(free, researcher, researcher)) is None
    assert code(workflow.assign_refusal(free, researcher, researcher2)) == "forbidden"
    assert code(workflow.assign_refusal(held, researcher, researcher)) == "forbidden"
    assert code(workflow.assign_refusal(held, editor, researcher)) is None
    assert workflow.assign_refusal(free, editor, outsider).field == "assignee"
    published = ClaimFactory(status=S.PUBLISHED, published_at="2026-01-01T00:00:00Z")
    assert workflow.assign_refusal(published, editor, researcher).field == "assignee"
    assert code(workflow.assign_refusal(free, outsider, None)) == "forbidden"


def test_verdict_rule(researcher, researcher2, editor):
    claim = ClaimFactory(status=S.RESEARCHING, assignee=researcher)
    assert workflow.verdict_refusal(claim, researcher) is None
    assert workflow.verdict_refusal(claim, editor) is None
    assert code(workflow.verdict_refusal(claim, researcher2)) == "forbidden"
    claim.status = S.IN_REVIEW
    refusal = workflow.verdict_refusal(claim, researcher)
    assert (refusal.code, refusal.field) == ("invalid", "rating")


def test_evidence_rule(researcher, outsider):
    assert workflow.evidence_refusal(ClaimFactory(status=S.RESEARCHING), researcher) is None
    assert code(workflow.evidence_refusal(ClaimFactory(), outsider)) == "forbidden"
    assert code(workflow.evidence_refusal(ClaimFactory(status=S.APPROVED), researcher)) == (
        "invalid"
    )


def test_details_rule_lets_scheduling_change_longer_than_content(researcher, outsider):
    approved = ClaimFactory(status=S.APPROVED)
    assert workflow.details_refusal(approved, researcher, {"priority", "due_at"}) is None
    assert code(workflow.details_refusal(approved, researcher, {"claim_type"})) == "invalid"
    dismissed = ClaimFactory(status=S.DISMISSED)
    assert workflow.details_refusal(dismissed, researcher, {"priority"}).field == "priority"
    assert code(workflow.details_refusal(approved, outsider, {"priority"})) == "forbidden"


def test_comment_rule(researcher, outsider):
    published = ClaimFactory(status=S.PUBLISHED, published_at="2026-01-01T00:00:00Z")
    assert workflow.comment_refusal(published, researcher) is None
    assert code(workflow.comment_refusal(published, outsider)) == "forbidden"
    assert code(workflow.comment_refusal(published, AnonymousUser())) == "forbidden"


def test_duplicate_rule(researcher, outsider):
    first, second = ClaimFactory(), ClaimFactory()
    assert workflow.duplicate_refusal(second, researcher, first) is None
    assert workflow.duplicate_refusal(first, researcher, first).field == "duplicate_of"
    second.duplicate_of = first
    assert "circle" in workflow.duplicate_refusal(first, researcher, second).message
    assert code(workflow.duplicate_refusal(ClaimFactory(status=S.APPROVED), researcher, None)) == (
        "invalid"
    )
    assert code(workflow.duplicate_refusal(first, outsider, None)) == "forbidden"


def test_reextract_rule_and_its_service(researcher, outsider):
    assert workflow.reextract_refusal(researcher) is None
    assert code(workflow.reextract_refusal(outsider)) == "forbidden"
    with pytest.raises(PermissionRefused):
        document_services.document_reextract(document=DocumentFactory(), actor=outsider)


def test_bulk_rule_refuses_the_whole_request_before_any_claim(researcher, outsider):
    assert workflow.bulk_refusal(researcher, "transition") is None
    assert workflow.bulk_refusal(researcher, "delete").field == "action"
    assert code(workflow.bulk_refusal(outsider, "assign")) == "forbidden"
    claim = ClaimFactory()
    with pytest.raises(PermissionRefused):
        claim_services.claims_bulk(
            claim_ids=[claim.pk], actor=outsider, action="transition", to=S.SELECTED
        )
    assert not claim.events.exists()


def test_rating_rule_is_for_administrators(editor, superuser):
    assert code(workflow.rating_refusal(editor, creating=True)) == "forbidden"
    assert workflow.rating_refusal(superuser, creating=False) is None


def test_editor_only_rules(researcher, editor):
    for rule in (workflow.scorer_refusal, workflow.speakers_refusal):
        assert rule(editor) is None
        assert code(rule(researcher)) == "forbidden"
    assert code(seen_rules.import_factchecks_refusal(researcher)) == "forbidden"


def test_blocked_steps_are_those_with_the_role_but_a_failing_guard(researcher, outsider):
    claim = ClaimFactory(status=S.SELECTED)  # no assignee yet
    blocked = workflow.blocked_transitions(claim, researcher)
    assert [(t.target, reason) for t, reason in blocked] == [
        (S.RESEARCHING, "Assign the claim to someone before research starts.")
    ]
    assert workflow.blocked_transitions(claim, outsider) == []  # no role: nothing to explain
    assert workflow.available_transitions(claim, researcher) == []


def test_the_claim_page_lists_the_blocked_steps_from_the_workflow(client, researcher):
    claim = ClaimFactory(status=S.SELECTED)
    client.force_login(researcher)
    html = client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
    assert "Assign the claim to someone before research starts." in html


# --- One map from error kind to HTTP status, for pages and API alike ---


def test_error_kinds_map_to_statuses():
    assert errors.http_status(WorkflowError("x")) == 400
    assert errors.http_status(PermissionRefused("x")) == 403
    assert errors.http_status(StaleVersion(3)) == 409
    assert errors.http_status(ValidationError({"url": "x"})) == 400


@pytest.mark.parametrize(
    ("who", "version", "status"),
    [("researcher2", 1, 403), ("researcher", 7, 409), ("researcher", 1, 200)],
)
def test_pages_and_api_answer_a_refusal_with_the_same_status(
    client, researcher, researcher2, who, version, status
):
    users = {"researcher": researcher, "researcher2": researcher2}
    data = {"rating": rating("false").pk, "verdict_summary": "No.", "version": version}
    page_claim, api_claim = (ClaimFactory(status=S.RESEARCHING, assignee=researcher) for _ in "ab")
    client.force_login(users[who])
    page = client.post(reverse("claims:claim_verdict", args=[page_claim.pk]), data)
    api = APIClient()
    api.force_authenticate(users[who])
    answer = api.post(f"/api/v1/claims/{api_claim.pk}/verdict/", data, format="json")
    assert (page.status_code if page.status_code != 302 else 200, answer.status_code) == (
        status,
        status,
    )


# --- The notice a transition sends is data on its row ---

NOTICES = {  # (source, target): (kind, who gets it)
    (S.RESEARCHING, S.IN_REVIEW): ("review_requested", "editors"),
    (S.IN_REVIEW, S.RESEARCHING): ("changes_requested", "team"),
    (S.IN_REVIEW, S.APPROVED): ("approved", "team"),
    (S.APPROVED, S.PUBLISHED): ("published", "team"),
    (S.PUBLISHED, S.RESEARCHING): ("changes_requested", "team"),
}


def test_every_notice_is_a_notification_kind():
    rows = {(t.source, t.target): t.notice for t in workflow.TRANSITIONS}
    assert {pair for pair, notice in rows.items() if notice} == set(NOTICES)
    for pair, (kind, audience) in NOTICES.items():
        assert (rows[pair].kind, rows[pair].audience) == (kind, audience)
        assert kind in NotificationKind.values
    assert workflow.ASSIGNED_NOTICE.kind in NotificationKind.values


@pytest.mark.parametrize(("source", "target"), list(NOTICES))
def test_a_step_notifies_its_audience_and_never_the_actor(source, target):
    assignee = UserFactory(username="alex", role="researcher")
    submitter = UserFactory(username="sam", role="editor")
    actor = UserFactory(username="eddie", role="editor")
    UserFactory(username="erin", role="editor")  # an editor with no part in this claim
    claim = ClaimFactory(
        status=source,
        assignee=assignee,
        submitted_by=submitter,
        rating=rating("false"),
        verdict_summary="It was 4.1 percent.",
        published_at="2026-01-01T00:00:00Z" if source == S.PUBLISHED else None,
    )
    EvidenceFactory(claim=claim)
    claim_services.claim_transition(claim=claim, to=target, actor=actor, note="Check the year.")
    kind, audience = NOTICES[(source, target)]
    expected = {"editors": {"sam", "erin"}, "team": {"alex", "sam"}}[audience]
    sent = Notification.objects.filter(claim=claim)
    assert {n.recipient.username for n in sent} == expected
    assert {n.kind for n in sent} == {kind}


def test_a_step_without_a_notice_sends_nothing(researcher, editor):
    claim = ClaimFactory(status=S.NEW, assignee=researcher)
    claim_services.claim_transition(claim=claim, to=S.SELECTED, actor=editor)
    assert not Notification.objects.exists()


# --- One URL check, one message ---


def test_every_face_refuses_a_bad_url_with_the_one_message(api_client_for, researcher):
    bad = "ftp://files.example.org/report.pdf"
    assert url_error(bad) == URL_MESSAGE
    assert url_error("https://example.org/" + "a" * 2000) != URL_MESSAGE  # too long: says so
    assert DocumentForm({"url": bad, "text": "x"}).errors["url"] == [URL_MESSAGE]
    assert EvidenceForm({"url": bad, "stance": "context"}).errors["url"] == [URL_MESSAGE]
    claim = ClaimFactory(status=S.RESEARCHING)
    with pytest.raises(ValidationError) as refused:
        claim_services.claim_add_evidence(claim=claim, url=bad, actor=researcher)
    assert refused.value.message_dict["url"] == [URL_MESSAGE]
    with pytest.raises(ValidationError) as refused:
        fetch.check_public_url(bad)
    assert refused.value.message_dict["url"] == [URL_MESSAGE]
    answer = api_client_for(researcher).post(
        f"/api/v1/claims/{claim.pk}/evidence/", {"url": bad}, format="json"
    )
    assert (answer.status_code, answer.json()["url"]) == (400, [URL_MESSAGE])


@pytest.fixture
def api_client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


# --- One MAX_ID: the largest id a request may name, everywhere ---


def test_ids_past_max_id_are_a_400_or_404_never_a_500(client, api_client_for, editor):
    api = api_client_for(editor)
    assert api.get(f"/api/v1/claims/{MAX_ID + 1}/").status_code == 404
    assert api.get(f"/api/v1/claims/?speaker={MAX_ID + 1}").status_code in (200, 400)
    answer = api.post(
        "/api/v1/claims/bulk/", {"ids": [MAX_ID + 1], "action": "assign"}, format="json"
    )
    assert answer.status_code == 400 and "ids" in answer.json()
    client.force_login(editor)
    page = client.post(reverse("claims:triage"), {"claims": [str(MAX_ID + 1)], "action": "select"})
    assert page.status_code == 400
    assert Claim.objects.count() == 0
