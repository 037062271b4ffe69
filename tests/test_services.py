"""Services: each writes exactly one ClaimEvent; a refused one writes none and changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from claims.models import ClaimEvent, Evidence, Notification
from claims.services import claims as claim_services
from claims.services import documents as document_services
from claims.workflow import PermissionRefused, StaleVersion, Status, WorkflowError
from tests.factories import ClaimFactory, EvidenceFactory, rating


def events(claim):
    return list(ClaimEvent.objects.filter(claim=claim).values_list("action", flat=True))


def test_assign_writes_one_event_and_notifies_the_assignee(
    editor, researcher, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(status=Status.SELECTED)
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_services.claim_assign(claim=claim, assignee=researcher, actor=editor)
    assert claim.assignee == researcher
    assert claim.version == 2
    assert events(claim) == ["assigned"]
    note = Notification.objects.get(recipient=researcher)
    assert note.kind == "assigned"
    assert mail.outbox[0].to == [researcher.email]


def test_researcher_cannot_take_a_claim_someone_else_holds(researcher, researcher2):
    claim = ClaimFactory(status=Status.SELECTED, assignee=researcher2)
    with pytest.raises(PermissionRefused):
        claim_services.claim_assign(claim=claim, assignee=researcher, actor=researcher)
    claim.refresh_from_db()
    assert claim.assignee == researcher2
    assert events(claim) == []


def test_assigning_an_outsider_is_refused(editor, outsider):
    claim = ClaimFactory()
    with pytest.raises(WorkflowError) as refused:
        claim_services.claim_assign(claim=claim, assignee=outsider, actor=editor)
    assert refused.value.field == "assignee"
    assert events(claim) == []


def test_set_verdict_writes_one_event(researcher):
    claim = ClaimFactory(status=Status.RESEARCHING, assignee=researcher)
    claim = claim_services.claim_set_verdict(
        claim=claim,
        rating=rating("mostly-false"),
        summary="Off by a decade.",
        explanation="The record was set in 1959.",
        actor=researcher,
    )
    assert claim.rating.slug == "mostly-false"
    assert events(claim) == ["verdict"]


def test_verdict_by_a_researcher_who_is_not_the_assignee_is_refused(researcher, researcher2):
    claim = ClaimFactory(status=Status.RESEARCHING, assignee=researcher2)
    with pytest.raises(PermissionRefused):
        claim_services.claim_set_verdict(
            claim=claim, rating=rating("false"), summary="x", actor=researcher
        )
    claim.refresh_from_db()
    assert claim.rating is None
    assert events(claim) == []


def test_verdict_with_stale_version_changes_nothing(editor):
    claim = ClaimFactory(status=Status.RESEARCHING, version=3)
    with pytest.raises(StaleVersion):
        claim_services.claim_set_verdict(
            claim=claim,
            rating=rating("true"),
            summary="Correct.",
            actor=editor,
            expected_version=2,
        )
    claim.refresh_from_db()
    assert claim.rating is None and claim.version == 3
    assert events(claim) == []


def test_add_evidence_writes_one_event(researcher):
    claim = ClaimFactory(status=Status.RESEARCHING)
    evidence = claim_services.claim_add_evidence(
        claim=claim,
        url="https://stats.example.org/2019",
        title="Annual report",
        stance="refutes",
        actor=researcher,
    )
    assert evidence.added_by == researcher
    assert events(claim) == ["evidence"]


@pytest.mark.parametrize(
    ("url", "stance", "field"),
    [
        ("javascript:alert(1)", "refutes", "url"),
        ("", "refutes", "url"),
        ("https://ok.example.org", "maybe", "stance"),
    ],
)
def test_bad_evidence_is_refused_naming_the_field(researcher, url, stance, field):
    claim = ClaimFactory(status=Status.RESEARCHING)
    with pytest.raises(ValidationError) as refused:
        claim_services.claim_add_evidence(claim=claim, url=url, stance=stance, actor=researcher)
    assert field in refused.value.message_dict
    assert not Evidence.objects.exists()
    assert events(claim) == []


def test_evidence_cannot_be_added_to_a_published_claim(editor):
    claim = ClaimFactory(status=Status.PUBLISHED, published_at="2026-01-01T00:00:00Z")
    with pytest.raises(WorkflowError):
        claim_services.claim_add_evidence(claim=claim, url="https://a.example.org", actor=editor)
    assert events(claim) == []


def test_outsider_cannot_comment(outsider):
    claim = ClaimFactory()
    with pytest.raises(PermissionRefused):
        claim_services.claim_comment(claim=claim, body="hello", actor=outsider)
    assert events(claim) == []


def test_comment_writes_one_event_and_empty_is_refused(researcher):
    claim = ClaimFactory()
    claim_services.claim_comment(claim=claim, body="Call the ministry.", actor=researcher)
    with pytest.raises(ValidationError) as refused:
        claim_services.claim_comment(claim=claim, body="   ", actor=researcher)
    assert "body" in refused.value.message_dict
    assert events(claim) == ["comment"]


def test_mark_duplicate_writes_one_event_and_refuses_cycles(researcher):
    original = ClaimFactory()
    copy = ClaimFactory(document=original.document)
    copy = claim_services.claim_mark_duplicate(claim=copy, original=original, actor=researcher)
    assert copy.duplicate_of == original
    with pytest.raises(WorkflowError, match="circle"):
        claim_services.claim_mark_duplicate(claim=original, original=copy, actor=researcher)
    with pytest.raises(WorkflowError, match="itself"):
        claim_services.claim_mark_duplicate(claim=original, original=original, actor=researcher)
    assert events(copy) == ["duplicate"]
    assert events(original) == []


def test_update_records_the_changes(researcher):
    claim = ClaimFactory(priority=2)
    claim = claim_services.claim_update(
        claim=claim, actor=researcher, priority=4, claim_type="event"
    )
    event = ClaimEvent.objects.get(claim=claim)
    assert event.action == "updated"
    assert event.data == {"priority": [2, 4], "claim_type": ["quantity", "event"]}


def test_update_with_bad_priority_names_the_field(researcher):
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as refused:
        claim_services.claim_update(claim=claim, actor=researcher, priority=9)
    assert "priority" in refused.value.message_dict
    assert events(claim) == []


def test_transition_writes_one_event_with_actor_note_and_statuses(editor):
    claim = ClaimFactory()
    claim_services.claim_transition(claim=claim, to=Status.DISMISSED, actor=editor, note="Opinion.")
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        editor,
        "new",
        "dismissed",
        "Opinion.",
    )


def test_review_request_notifies_editors(researcher, editor, editor2):
    claim = ClaimFactory(
        status=Status.RESEARCHING,
        assignee=researcher,
        rating=rating("false"),
        verdict_summary="Wrong.",
    )
    EvidenceFactory(claim=claim)
    claim_services.claim_transition(claim=claim, to=Status.IN_REVIEW, actor=researcher)
    recipients = set(
        Notification.objects.filter(kind="review_requested").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {editor.username, editor2.username}


def test_history_rows_cannot_be_edited_or_deleted(editor):
    from claims.models import AppendOnlyError

    claim = ClaimFactory()
    claim_services.claim_comment(claim=claim, body="x", actor=editor)
    event = ClaimEvent.objects.get(claim=claim)
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_what_a_published_fact_check_shows_cannot_change_without_reopening(editor):
    claim = ClaimFactory(status=Status.PUBLISHED, published_at="2026-01-01T00:00:00Z")
    for change in ({"speaker_resolved": "Someone Else"}, {"claim_type": "event"}, {"priority": 4}):
        with pytest.raises(WorkflowError):
            claim_services.claim_update(claim=claim, actor=editor, **change)
    with pytest.raises(WorkflowError):
        claim_services.claim_mark_duplicate(claim=claim, original=ClaimFactory(), actor=editor)
    claim.refresh_from_db()
    assert (claim.speaker_resolved, claim.claim_type, claim.priority) == ("", "quantity", 2)
    assert events(claim) == []


def test_a_claim_in_review_can_be_rescheduled_but_not_rewritten(editor):
    claim = ClaimFactory(status=Status.IN_REVIEW)
    claim = claim_services.claim_update(claim=claim, actor=editor, priority=4)
    assert claim.priority == 4
    with pytest.raises(WorkflowError):
        claim_services.claim_update(claim=claim, actor=editor, speaker_resolved="X")


@pytest.mark.parametrize("url", ["http://a b", "https://", "ftp://files.example.org/x"])
def test_malformed_urls_are_refused_for_documents_and_evidence(researcher, url):
    with pytest.raises(ValidationError) as refused:
        document_services.document_ingest(text="Exports rose.", url=url, extract=False)
    assert "url" in refused.value.message_dict
    claim = ClaimFactory(status=Status.RESEARCHING)
    with pytest.raises(ValidationError) as refused:
        claim_services.claim_add_evidence(claim=claim, url=url, actor=researcher)
    assert "url" in refused.value.message_dict


def test_reopening_a_published_fact_check_tells_its_researcher(researcher, editor):
    claim = ClaimFactory(
        status=Status.PUBLISHED, published_at="2026-01-01T00:00:00Z", assignee=researcher
    )
    claim_services.claim_transition(
        claim=claim, to=Status.RESEARCHING, actor=editor, note="The 2019 figure was revised."
    )
    note = Notification.objects.get(recipient=researcher)
    assert "correction: The 2019 figure was revised." in note.message
