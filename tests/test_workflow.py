"""The whole transition table, for every (from, to) pair and every role.

The expected table is written out here by hand from DESIGN.md section 4, not derived from
claims.workflow, so a wrong entry in the code fails a test.
"""

import itertools

import pytest

from claims.models import ClaimEvent
from claims.services import claims as claim_services
from claims.workflow import PermissionRefused, StaleVersion, Status, WorkflowError
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory, rating

S = Status
TEAM = {"researcher", "assignee", "editor", "submitter"}
EDITORS = {"editor", "submitter"}

EXPECTED = {
    (S.NEW, S.SELECTED): TEAM,
    (S.NEW, S.DISMISSED): TEAM,
    (S.DISMISSED, S.NEW): EDITORS,
    (S.SELECTED, S.RESEARCHING): TEAM,
    (S.RESEARCHING, S.IN_REVIEW): {"assignee", "editor", "submitter"},
    (S.IN_REVIEW, S.RESEARCHING): EDITORS,
    (S.IN_REVIEW, S.APPROVED): {"editor"},  # four eyes: not the submitter
    (S.APPROVED, S.PUBLISHED): EDITORS,
    (S.PUBLISHED, S.RESEARCHING): EDITORS,
}
ROLES = ("researcher", "assignee", "editor", "submitter", "outsider", "anonymous")
PAIRS = [(a, b) for a, b in itertools.product(Status, Status) if a != b]


@pytest.fixture
def cast(db):
    from django.contrib.auth.models import AnonymousUser

    return {
        "researcher": UserFactory(username="rita", role="researcher"),
        "assignee": UserFactory(username="alex", role="researcher"),
        "editor": UserFactory(username="eddie", role="editor"),
        "submitter": UserFactory(username="sam", role="editor"),
        "outsider": UserFactory(username="otto"),
        "anonymous": AnonymousUser(),
    }


def ready_claim(status, cast):
    """A claim in `status` that passes every guard except the role check."""
    return ClaimFactory(
        **{status: True}, verdict=True, assignee=cast["assignee"], submitted_by=cast["submitter"]
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_table(cast, role, source, target):
    claim = ready_claim(source, cast)
    allowed = role in EXPECTED.get((source, target), set())
    events_before = ClaimEvent.objects.count()
    if allowed:
        result = claim_services.claim_transition(
            claim=claim, to=target, actor=cast[role], note="why"
        )
        assert result.status == target
        assert ClaimEvent.objects.count() == events_before + 1
    else:
        with pytest.raises(WorkflowError) as refused:
            claim_services.claim_transition(claim=claim, to=target, actor=cast[role], note="why")
        assert refused.value.message
        if (source, target) in EXPECTED:
            assert isinstance(refused.value, PermissionRefused) or role == "submitter"
        claim.refresh_from_db()
        assert claim.status == source
        assert ClaimEvent.objects.count() == events_before


@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        (S.NEW, S.DISMISSED, "note is required"),
        (S.IN_REVIEW, S.RESEARCHING, "note is required"),
        (S.PUBLISHED, S.RESEARCHING, "note is required"),
    ],
)
def test_steps_that_need_a_note_are_refused_without_one(cast, source, target, reason):
    claim = ready_claim(source, cast)
    with pytest.raises(WorkflowError, match=reason) as refused:
        claim_services.claim_transition(claim=claim, to=target, actor=cast["editor"], note="  ")
    assert refused.value.field == "note"
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_research_cannot_start_without_an_assignee(cast):
    claim = ClaimFactory(status=S.SELECTED)
    with pytest.raises(WorkflowError, match="Assign the claim"):
        claim_services.claim_transition(claim=claim, to=S.RESEARCHING, actor=cast["editor"])


def test_researcher_may_assign_themselves_then_start_research(cast):
    claim = ClaimFactory(status=S.SELECTED)
    researcher = cast["researcher"]
    claim = claim_services.claim_assign(claim=claim, assignee=researcher, actor=researcher)
    claim = claim_services.claim_transition(claim=claim, to=S.RESEARCHING, actor=researcher)
    assert claim.status == S.RESEARCHING


def test_submitting_needs_rating_summary_and_evidence(cast):
    claim = ClaimFactory(status=S.RESEARCHING, assignee=cast["assignee"])
    with pytest.raises(WorkflowError) as refused:
        claim_services.claim_transition(claim=claim, to=S.IN_REVIEW, actor=cast["assignee"])
    message = refused.value.message
    assert "a rating" in message
    assert "a verdict summary" in message
    assert "at least one evidence source" in message


def test_editor_cannot_approve_own_verdict(cast):
    claim = ready_claim(S.RESEARCHING, cast)
    claim = claim_services.claim_transition(claim=claim, to=S.IN_REVIEW, actor=cast["editor"])
    assert claim.submitted_by == cast["editor"]
    with pytest.raises(WorkflowError, match="Another editor must approve"):
        claim_services.claim_transition(claim=claim, to=S.APPROVED, actor=cast["editor"])
    claim = claim_services.claim_transition(claim=claim, to=S.APPROVED, actor=cast["submitter"])
    assert claim.status == S.APPROVED


def test_publishing_sets_dates_and_correction_keeps_first_publication(cast):
    claim = ready_claim(S.APPROVED, cast)
    claim = claim_services.claim_transition(claim=claim, to=S.PUBLISHED, actor=cast["editor"])
    first = claim.first_published_at
    assert claim.published_at == first is not None
    assert claim.slug
    claim = claim_services.claim_transition(
        claim=claim, to=S.RESEARCHING, actor=cast["editor"], note="Wrong year in the summary."
    )
    claim = claim_services.claim_transition(claim=claim, to=S.IN_REVIEW, actor=cast["assignee"])
    claim = claim_services.claim_transition(claim=claim, to=S.APPROVED, actor=cast["editor"])
    claim = claim_services.claim_transition(claim=claim, to=S.PUBLISHED, actor=cast["editor"])
    assert claim.first_published_at == first
    assert claim.published_at > first
    assert claim.events.filter(action="transition").count() == 5


def test_stale_version_is_refused_and_changes_nothing(cast):
    claim = ClaimFactory(status=S.NEW)
    fresh = claim_services.claim_transition(
        claim=claim, to=S.SELECTED, actor=cast["editor"], expected_version=1
    )
    assert fresh.version == 2
    with pytest.raises(StaleVersion) as refused:
        claim_services.claim_transition(
            claim=claim, to=S.NEW, actor=cast["editor"], expected_version=1
        )
    assert refused.value.current_version == 2
    assert refused.value.code == "conflict"
    fresh.refresh_from_db()
    assert fresh.status == S.SELECTED
    assert fresh.events.count() == 1


def test_unknown_status_is_refused_with_the_field(cast):
    claim = ClaimFactory()
    with pytest.raises(WorkflowError) as refused:
        claim_services.claim_transition(claim=claim, to="finished", actor=cast["editor"])
    assert refused.value.field == "to"


def test_available_transitions_lists_only_what_the_user_may_do(cast):
    from claims.workflow import available_transitions

    claim = ready_claim(S.IN_REVIEW, cast)
    assert [t.target for t in available_transitions(claim, cast["editor"])] == [
        S.RESEARCHING,
        S.APPROVED,
    ]
    assert [t.target for t in available_transitions(claim, cast["submitter"])] == [S.RESEARCHING]
    assert available_transitions(claim, cast["researcher"]) == []
    assert available_transitions(claim, cast["anonymous"]) == []


def test_published_fact_checks_get_unique_slugs(cast):
    first = ready_claim(S.APPROVED, cast)
    second = ready_claim(S.APPROVED, cast)
    second.text = first.text
    second.save(update_fields=["text"])
    first = claim_services.claim_transition(claim=first, to=S.PUBLISHED, actor=cast["editor"])
    second = claim_services.claim_transition(claim=second, to=S.PUBLISHED, actor=cast["editor"])
    assert first.slug != second.slug
    assert second.slug == f"{first.slug}-{second.pk}"


def test_the_editor_who_wrote_the_verdict_cannot_approve_it(cast):
    claim = ClaimFactory(status=S.RESEARCHING, assignee=cast["assignee"])
    EvidenceFactory(claim=claim)
    claim = claim_services.claim_set_verdict(
        claim=claim, rating=rating("false"), summary="Wrong year.", actor=cast["editor"]
    )
    claim = claim_services.claim_transition(claim=claim, to=S.IN_REVIEW, actor=cast["assignee"])
    with pytest.raises(WorkflowError, match="you wrote it"):
        claim_services.claim_transition(claim=claim, to=S.APPROVED, actor=cast["editor"])
    claim = claim_services.claim_transition(claim=claim, to=S.APPROVED, actor=cast["submitter"])
    assert claim.status == S.APPROVED
