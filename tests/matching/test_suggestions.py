"""Suggestions after extraction; confirm, reject and resolve through the services."""

from __future__ import annotations

import pytest

from claims.models import ClaimEvent, MatchSuggestion
from claims.services import documents as document_services
from claims.suggestions import (
    claim_resolve_seen_before,
    suggestion_confirm,
    suggestion_reject,
    suggestions_for_claims,
)
from claims.workflow import PermissionRefused, Status, WorkflowError
from tests.factories import ClaimFactory
from tests.matching.conftest import EARLIER, REWORDED, UNRELATED

pytestmark = pytest.mark.django_db

ARTICLE = (
    "The mayor spoke on Tuesday. Unemployment fell to 3.9 percent in 2019, the lowest rate "
    "since 1969, she said. She also said the new bridge was finished in March."
)


@pytest.fixture
def suggestion(archive):
    archive(EARLIER, UNRELATED)
    claim = ClaimFactory(text=REWORDED)
    suggestions_for_claims(claim_ids=[claim.pk])
    return MatchSuggestion.objects.get(claim=claim)


def test_extraction_stores_vectors_and_suggestions(archive, django_capture_on_commit_callbacks):
    archive(EARLIER, UNRELATED)
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_services.document_ingest(text=ARTICLE, title="Mayor")
    claim = document.claims.get(text__contains="3.9 percent")
    stored = MatchSuggestion.objects.get(claim=claim)
    assert stored.external.url == EARLIER["url"] and stored.level == "probable"
    assert stored.state == "open" and stored.lexical > 0 and stored.semantic > 0
    assert "year:2019" in stored.why["shared"]


def test_settings_thresholds_decide_the_level(archive, settings):
    archive(EARLIER)
    settings.MATCH_PROBABLE_THRESHOLD = 0.999
    claim = ClaimFactory(text=REWORDED)
    suggestions_for_claims(claim_ids=[claim.pk])
    assert MatchSuggestion.objects.get(claim=claim).level == "related"
    settings.MATCH_RELATED_THRESHOLD = 0.999
    other = ClaimFactory(document=claim.document, text=REWORDED)  # its own document is left out
    assert suggestions_for_claims(claim_ids=[other.pk]) == 0


def test_a_rejected_suggestion_never_returns(suggestion, researcher):
    suggestion_reject(suggestion=suggestion, actor=researcher, note="Different year")
    assert suggestions_for_claims(claim_ids=[suggestion.claim_id]) == 0
    suggestion.refresh_from_db()
    assert suggestion.state == "rejected" and suggestion.decided_by == researcher
    event = ClaimEvent.objects.get(claim=suggestion.claim, action="match_rejected")
    assert event.actor == researcher and event.note == "Different year"
    assert event.data["target"] == suggestion.target_key
    with pytest.raises(WorkflowError):
        suggestion_confirm(suggestion=suggestion, actor=researcher)


def test_confirming_an_external_match_records_who_checked_it(suggestion, researcher):
    suggestion_confirm(suggestion=suggestion, actor=researcher)
    claim = suggestion.claim
    claim.refresh_from_db()
    assert claim.checked_elsewhere == suggestion.external and claim.version == 2
    event = ClaimEvent.objects.get(claim=claim, action="match_confirmed")
    assert event.data["publisher"] == "Example Checks" and event.data["rating"] == "True"


def test_confirming_an_own_claim_marks_the_duplicate(researcher):
    from claims.vectors import vectors_for_claims

    original = ClaimFactory(text=REWORDED)
    copy = ClaimFactory(text=REWORDED.replace("rate", "level"))
    vectors_for_claims([original.pk])
    suggestions_for_claims(claim_ids=[copy.pk])
    suggestion = MatchSuggestion.objects.get(claim=copy, matched_claim=original)
    suggestion_confirm(suggestion=suggestion, actor=researcher)
    copy.refresh_from_db()
    assert copy.duplicate_of == original
    assert ClaimEvent.objects.filter(claim=copy, action="duplicate").count() == 1


def test_outsiders_may_not_decide(suggestion, outsider):
    with pytest.raises(PermissionRefused):
        suggestion_confirm(suggestion=suggestion, actor=outsider)
    assert MatchSuggestion.objects.get(pk=suggestion.pk).state == "open"


def test_dismiss_in_one_step_from_a_confirmed_published_verdict(suggestion, researcher):
    with pytest.raises(WorkflowError, match="Confirm the match first"):
        claim_resolve_seen_before(suggestion=suggestion, action="dismiss", actor=researcher)
    suggestion_confirm(suggestion=suggestion, actor=researcher)
    claim = claim_resolve_seen_before(suggestion=suggestion, action="dismiss", actor=researcher)
    assert claim.status == Status.DISMISSED
    event = ClaimEvent.objects.filter(claim=claim, action="transition").get()
    assert event.note.startswith("Already checked by Example Checks: True.")
    assert event.data == {"seen_before": suggestion.pk, "action": "dismiss"}


def test_fast_track_selects_with_the_earlier_check_as_evidence(suggestion, researcher):
    suggestion_confirm(suggestion=suggestion, actor=researcher)
    claim = claim_resolve_seen_before(suggestion=suggestion, action="fast_track", actor=researcher)
    assert claim.status == Status.SELECTED
    evidence = claim.evidence.get()
    assert evidence.url == EARLIER["url"] and evidence.excerpt == "Earlier verdict: True"
    with pytest.raises(WorkflowError):  # a selected claim cannot be fast-tracked again
        claim_resolve_seen_before(suggestion=suggestion, action="fast_track", actor=researcher)


def test_no_one_step_resolution_without_a_published_verdict(archive, researcher):
    archive({**EARLIER, "reviewRating": None})
    claim = ClaimFactory(text=REWORDED)
    suggestions_for_claims(claim_ids=[claim.pk])
    suggestion = MatchSuggestion.objects.get(claim=claim)
    suggestion_confirm(suggestion=suggestion, actor=researcher)
    with pytest.raises(WorkflowError, match="no published verdict"):
        claim_resolve_seen_before(suggestion=suggestion, action="dismiss", actor=researcher)
