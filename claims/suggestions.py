"""Seen before: match suggestions, and what a person decides about them.

After extraction saves claims, `suggestions_for_claims` stores their best matches (own claims
or external fact-checks scoring at or above MATCH_RELATED_THRESHOLD) as open suggestions. A
person confirms one (an own claim: the claim is marked its duplicate; an external one: the
claim records "already checked by X") or rejects it; the row stays either way, and its
unique (claim, target) pair keeps a rejected match from ever being suggested again. From a
confirmed match with a published verdict the claim is dismissed or fast-tracked in one step.
Every decision writes its ClaimEvent in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims import search, seen_rules, vectors, workflow
from claims.models import (
    Claim,
    EventAction,
    Evidence,
    MatchSuggestion,
    Stance,
    SuggestionState,
)
from claims.search import SimilarMatch
from claims.services import claims as claim_services
from claims.services._shared import claim_event, locked_claim, save_claim
from claims.services.webhooks import webhooks_seen_before
from claims.validators import validate_text_limits
from claims.workflow import WorkflowError


def _new_suggestion(claim: Claim, match: SimilarMatch) -> MatchSuggestion:
    target = {"external": match.object} if match.is_external else {"matched_claim": match.object}
    return MatchSuggestion(
        claim=claim,
        score=min(1.0, max(0.0, match.score)),
        lexical=match.lexical,
        semantic=match.semantic,
        level=match.level,
        why=match.why,
        **target,
    )


def suggestions_for_claims(*, claim_ids: Sequence[int]) -> int:
    """Store vectors for these claims (batched), then each one's best matches as open
    suggestions. A pair already suggested (open, confirmed or rejected) is left as it is.
    Returns how many suggestions were created; a claim that got some sends the
    `claim.seen_before` webhook event."""
    since = timezone.now()  # before the suggestions are built (they take their time then)
    vectors.vectors_for_claims(claim_ids)
    claims = Claim.objects.filter(pk__in=list(claim_ids)).only(
        "id", "text", "document_id", "duplicate_of_id"
    )
    new = []
    for claim in claims:
        for match in search.similar_claims(claim, limit=settings.MATCH_SUGGESTIONS_PER_CLAIM):
            if match.level:
                new.append(_new_suggestion(claim, match))
    if not new:
        return 0
    before = MatchSuggestion.objects.filter(claim_id__in=list(claim_ids)).count()
    with transaction.atomic():
        MatchSuggestion.objects.bulk_create(new, ignore_conflicts=True)
        webhooks_seen_before(since=since, claim_ids=claim_ids)
    return MatchSuggestion.objects.filter(claim_id__in=list(claim_ids)).count() - before


def _locked(suggestion: MatchSuggestion) -> MatchSuggestion:
    return (
        MatchSuggestion.objects.select_for_update(of=("self",))
        .select_related("external", "matched_claim")
        .get(pk=suggestion.pk)
    )


def _decided(suggestion: MatchSuggestion, state: str, actor: Any) -> None:
    suggestion.state = state
    suggestion.decided_by = actor if getattr(actor, "pk", None) else None
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])


def _confirm(suggestion: MatchSuggestion, actor: Any, note: str) -> MatchSuggestion:
    claim = locked_claim(suggestion.claim, None)
    workflow.enforce(seen_rules.suggestion_refusal(claim, actor, suggestion.state))
    if suggestion.matched_claim_id:
        claim_services.claim_mark_duplicate(
            claim=claim, original=suggestion.matched_claim, actor=actor
        )
    else:
        external = suggestion.external
        claim.checked_elsewhere = external
        save_claim(claim, ["checked_elsewhere"])
        claim_event(
            claim,
            actor,
            EventAction.MATCH_CONFIRMED,
            note=note,
            data={
                "suggestion": suggestion.pk,
                "external": external.pk,
                "publisher": external.publisher,
                "rating": external.rating_text,
                "url": external.url or "",
            },
        )
    _decided(suggestion, SuggestionState.CONFIRMED, actor)
    return suggestion


def _reject(suggestion: MatchSuggestion, actor: Any, note: str) -> MatchSuggestion:
    claim = locked_claim(suggestion.claim, None)
    workflow.enforce(seen_rules.suggestion_refusal(claim, actor, suggestion.state))
    claim_event(
        claim,
        actor,
        EventAction.MATCH_REJECTED,
        note=note,
        data={
            "suggestion": suggestion.pk,
            "target": suggestion.target_key,
            "score": suggestion.score,
        },
    )
    _decided(suggestion, SuggestionState.REJECTED, actor)
    return suggestion


def suggestion_confirm(
    *, suggestion: MatchSuggestion, actor: Any, note: str = ""
) -> MatchSuggestion:
    """The claim was checked before: as a duplicate of an own claim, or by another
    organisation (recorded on the claim as `checked_elsewhere`)."""
    note = (note or "").strip()
    validate_text_limits(note=note)
    with transaction.atomic():
        return _confirm(_locked(suggestion), actor, note)


def suggestion_reject(
    *, suggestion: MatchSuggestion, actor: Any, note: str = ""
) -> MatchSuggestion:
    """Not the same claim: remembered, so this pair is never suggested again."""
    note = (note or "").strip()
    validate_text_limits(note=note)
    with transaction.atomic():
        return _reject(_locked(suggestion), actor, note)


DECISIONS = {"confirm": _confirm, "reject": _reject}


def suggestion_decide(
    *, claim: Claim, match: SimilarMatch, decision: str, actor: Any, note: str = ""
) -> MatchSuggestion:
    """Confirm or reject a match shown live on the claim page: its suggestion is stored
    first if the suggestion task had not stored it (e.g. a claim from before matching)."""
    if decision not in DECISIONS:
        raise WorkflowError(f"“{decision}” is not one of: confirm, reject.", field="decision")
    with transaction.atomic():
        MatchSuggestion.objects.bulk_create([_new_suggestion(claim, match)], ignore_conflicts=True)
        target = (
            {"external": match.object} if match.is_external else {"matched_claim": match.object}
        )
        suggestion = MatchSuggestion.objects.get(claim=claim, **target)
        return DECISIONS[decision](_locked(suggestion), actor, (note or "").strip())


def _earlier_check(suggestion: MatchSuggestion) -> dict[str, str]:
    """The confirmed match as evidence: its link, title, publisher and verdict."""
    if suggestion.external_id:
        external = suggestion.external
        return {
            "url": external.url or "",
            "title": (external.title or external.claim_text)[:300],
            "publisher": external.publisher,
            "verdict": external.rating_text,
        }
    original = suggestion.matched_claim
    return {
        "url": settings.SITE_URL + original.get_public_url() if original.is_public else "",
        "title": original.text[:300],
        "publisher": settings.CLAIMREVIEW_AUTHOR_NAME[:200],
        "verdict": original.rating.name if original.rating_id else "",
    }


def _has_published_verdict(suggestion: MatchSuggestion) -> bool:
    if suggestion.external_id:
        return suggestion.external.has_verdict
    original = suggestion.matched_claim
    return original.is_public and original.rating_id is not None


def claim_resolve_seen_before(
    *,
    suggestion: MatchSuggestion,
    action: str,
    actor: Any,
    note: str = "",
    expected_version: int | None = None,
) -> Claim:
    """From a confirmed match with a published verdict: "dismiss" the claim (checked
    already) or "fast_track" it (selected, with the earlier fact-check added as evidence)."""
    with transaction.atomic():
        suggestion = _locked(suggestion)
        claim = locked_claim(suggestion.claim, expected_version)
        earlier = _earlier_check(suggestion)
        note = (note or "").strip() or (
            f"Already checked by {earlier['publisher'] or 'another fact-checker'}: "
            f"{earlier['verdict']}. {earlier['url']}".strip()
        )
        target = seen_rules.check_can_resolve_seen_before(
            claim,
            actor,
            action,
            confirmed=suggestion.state == SuggestionState.CONFIRMED,
            has_verdict=_has_published_verdict(suggestion),
            note=note,
        )
        data: dict[str, Any] = {"seen_before": suggestion.pk, "action": action}
        if action == "fast_track" and earlier["url"]:
            evidence = Evidence.objects.create(
                claim=claim,
                url=earlier["url"],
                title=earlier["title"],
                publisher=earlier["publisher"],
                excerpt=f"Earlier verdict: {earlier['verdict']}",
                stance=Stance.CONTEXT,
                added_by=actor,
            )
            data["evidence"] = evidence.pk
        source = claim.status
        claim.status = target
        save_claim(claim, ["status"])
        claim_event(
            claim,
            actor,
            EventAction.TRANSITION,
            from_status=source,
            to_status=target,
            note=note,
            data=data,
        )
    return claim
