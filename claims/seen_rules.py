"""The rules of "seen before": who fills the external archive, who decides a match, and the
one-step dismiss or fast-track from a confirmed match (judged by the transition table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.workflow import (
    Refusal,
    Status,
    WorkflowError,
    _editors_only,
    _team_only,
    check_transition,
)

if TYPE_CHECKING:
    from claims.models import Claim
    from claims.workflow import User


# --- Seen before: the external archive and match suggestions ---


def import_factchecks_refusal(user: User) -> Refusal:
    """The archive is shared by everyone's matching: editors fill it."""
    return _editors_only(user, "import fact-checks into the archive")


def suggestion_refusal(claim: Claim, user: User, suggestion_state: str) -> Refusal:
    """Confirm or reject a "seen before" match (an open one: decisions are not re-taken)."""
    if refusal := _team_only(user, "confirm or reject matches"):
        return refusal
    if suggestion_state != "open":
        return WorkflowError(
            f"This match was already {suggestion_state}; it cannot be decided again.",
            field="state",
        )
    return None


SEEN_BEFORE_ACTIONS = {"dismiss": Status.DISMISSED, "fast_track": Status.SELECTED}


def check_can_resolve_seen_before(
    claim: Claim, user: User, action: str, *, confirmed: bool, has_verdict: bool, note: str
) -> Status:
    """Dismiss (nothing left to check) or fast-track (select it, with the earlier fact-check
    as evidence) a claim in one step, from a confirmed match that has a published verdict.
    Returns the status it moves to; the transition table decides who may."""
    target = SEEN_BEFORE_ACTIONS.get(action)
    if target is None:
        raise WorkflowError(
            f"“{action}” is not one of: {', '.join(SEEN_BEFORE_ACTIONS)}.", field="action"
        )
    if not confirmed:
        raise WorkflowError("Confirm the match first.", field="suggestion")
    if not has_verdict:
        raise WorkflowError(
            "The earlier fact-check has no published verdict to rely on.", field="suggestion"
        )
    check_transition(claim, user, target, note)
    return target
