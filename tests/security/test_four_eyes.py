"""Four eyes (issue 13's bypass, issue 12's typo fix): whoever wrote any version of the
verdict under review may not approve it, and fixing a verdict in review or after approval
makes the fixer an author."""

import pytest

from claims.models import EventAction
from claims.services import claims as claim_services
from claims.workflow import Status, WorkflowError
from tests.factories import ClaimFactory, EvidenceFactory, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def researching(researcher):
    claim = ClaimFactory(status=Status.RESEARCHING, assignee=researcher)
    EvidenceFactory(claim=claim)
    return claim


def test_an_editor_cannot_approve_a_verdict_the_assignee_resaved_unchanged(
    researching, researcher, editor
):
    # The bypass: the editor writes the verdict, the assignee re-saves it unchanged and
    # submits it, so the editor is neither the last writer nor the submitter.
    claim = claim_services.claim_set_verdict(
        claim=researching, rating=rating("false"), summary="Wrong year.", actor=editor
    )
    claim = claim_services.claim_set_verdict(
        claim=claim, rating=claim.rating, summary=claim.verdict_summary, actor=researcher
    )
    claim = claim_services.claim_transition(claim=claim, to=Status.IN_REVIEW, actor=researcher)
    with pytest.raises(WorkflowError, match="you wrote it"):
        claim_services.claim_transition(claim=claim, to=Status.APPROVED, actor=editor)
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW


def test_an_editor_fixing_a_typo_in_review_cannot_then_approve_it(
    researching, researcher, editor, editor2
):
    claim = claim_services.claim_set_verdict(
        claim=researching, rating=rating("false"), summary="Wrong yaer.", actor=researcher
    )
    claim = claim_services.claim_transition(claim=claim, to=Status.IN_REVIEW, actor=researcher)
    claim = claim_services.claim_set_verdict(
        claim=claim, rating=claim.rating, summary="Wrong year.", actor=editor
    )
    assert claim.status == Status.IN_REVIEW and claim.verdict_summary == "Wrong year."
    fix = claim.events.filter(action=EventAction.VERDICT).last()
    assert fix.actor == editor and fix.data["from"]["summary"] == "Wrong yaer."
    with pytest.raises(WorkflowError, match="you wrote it"):
        claim_services.claim_transition(claim=claim, to=Status.APPROVED, actor=editor)
    claim = claim_services.claim_transition(claim=claim, to=Status.APPROVED, actor=editor2)
    assert claim.status == Status.APPROVED


def test_a_fix_to_an_approved_verdict_withdraws_the_approval(
    researching, researcher, editor, editor2
):
    claim = claim_services.claim_set_verdict(
        claim=researching, rating=rating("false"), summary="Wrong year.", actor=researcher
    )
    claim = claim_services.claim_transition(claim=claim, to=Status.IN_REVIEW, actor=researcher)
    claim = claim_services.claim_transition(claim=claim, to=Status.APPROVED, actor=editor)
    claim = claim_services.claim_set_verdict(
        claim=claim, rating=rating("mostly-false"), summary="Wrong year.", actor=editor
    )
    assert claim.status == Status.IN_REVIEW
    back = claim.events.filter(action=EventAction.TRANSITION).last()
    assert (back.from_status, back.to_status) == (Status.APPROVED, Status.IN_REVIEW)
    with pytest.raises(WorkflowError, match="you wrote it"):
        claim_services.claim_transition(claim=claim, to=Status.APPROVED, actor=editor)
    assert claim_services.claim_transition(claim=claim, to=Status.APPROVED, actor=editor2)


def test_a_researcher_cannot_change_a_verdict_in_review(researching, researcher):
    claim = claim_services.claim_set_verdict(
        claim=researching, rating=rating("false"), summary="Wrong year.", actor=researcher
    )
    claim = claim_services.claim_transition(claim=claim, to=Status.IN_REVIEW, actor=researcher)
    with pytest.raises(WorkflowError):
        claim_services.claim_set_verdict(
            claim=claim, rating=claim.rating, summary="Changed.", actor=researcher
        )


def test_through_the_api_an_editors_fix_in_review_bars_them_from_approving(
    researcher, editor, editor2
):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def client(user):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return api

    claim = ClaimFactory(in_review=True, assignee=researcher, submitted_by=researcher)
    eddie = client(editor)
    response = eddie.post(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {
            "rating": claim.rating_id,
            "verdict_summary": "Unemployment was 4.1 percent.",
            "verdict_explanation": "",
            "version": claim.version,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    version = response.json()["version"]
    refused = eddie.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"to": "approved", "version": version},
        format="json",
    )
    assert refused.status_code == 400 and "you wrote it" in str(refused.json())
    approved = client(editor2).post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"to": "approved", "version": version},
        format="json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
