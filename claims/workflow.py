"""The claim workflow: statuses, roles, and the one table of allowed transitions.

Every face (admin, pages, API, tasks) asks this module what a user may do, and
`claims.services` performs the step. Nothing else decides.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from claims.models import Claim

    User = AbstractBaseUser | AnonymousUser


class Status(models.TextChoices):
    NEW = "new", "New"
    SELECTED = "selected", "Selected"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    DISMISSED = "dismissed", "Dismissed"


RESEARCHERS_GROUP = "Researchers"
EDITORS_GROUP = "Editors"

# Roles are carried by permissions (which the groups grant), so a superuser has every role.
RESEARCH_PERMISSION = "claims.change_claim"
REVIEW_PERMISSION = "claims.review_claim"


class Role(enum.StrEnum):
    RESEARCHER = "researcher"
    EDITOR = "editor"
    ASSIGNEE = "assignee"


class WorkflowError(Exception):
    """A step that is not allowed now. `code` tells the faces how to answer:
    "invalid" (400: a guard failed), "forbidden" (403: the user lacks the role),
    "conflict" (409: the claim changed since the user loaded it)."""

    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionRefused(WorkflowError):
    code = "forbidden"


class StaleVersion(WorkflowError):
    code = "conflict"

    def __init__(self, current_version: int):
        super().__init__(
            "This claim was changed by someone else since you loaded it "
            f"(now at version {current_version}). Reload it and try again.",
            field="version",
        )
        self.current_version = current_version


def is_researcher(user: User) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(RESEARCH_PERMISSION))


def is_editor(user: User) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(REVIEW_PERMISSION))


def is_staff_member(user: User) -> bool:
    """Anyone on the fact-checking team (researcher or editor)."""
    return is_researcher(user) or is_editor(user)


def roles_of(user: User, claim: Claim | None = None) -> set[Role]:
    roles: set[Role] = set()
    if is_researcher(user):
        roles.add(Role.RESEARCHER)
    if is_editor(user):
        roles.add(Role.EDITOR)
    if claim is not None and user.is_authenticated and claim.assignee_id == user.pk:
        roles.add(Role.ASSIGNEE)
    return roles


# --- Guards: return the reason a step is refused, or None when it may go ahead. ---

Guard = Callable[["Claim", "User", str], "str | None"]


def _needs_note(why: str) -> Guard:
    def guard(claim: Claim, user: User, note: str) -> str | None:
        return None if note.strip() else f"A note is required: {why}."

    return guard


def _has_assignee(claim: Claim, user: User, note: str) -> str | None:
    return None if claim.assignee_id else "Assign the claim to someone before research starts."


def _verdict_ready(claim: Claim, user: User, note: str) -> str | None:
    missing = []
    if not claim.rating_id:
        missing.append("a rating")
    if not claim.verdict_summary.strip():
        missing.append("a verdict summary")
    if not claim.evidence.exists():
        missing.append("at least one evidence source")
    return f"The verdict needs {', '.join(missing)}." if missing else None


def _four_eyes(claim: Claim, user: User, note: str) -> str | None:
    if claim.submitted_by_id is not None and claim.submitted_by_id == user.pk:
        return "Another editor must approve this verdict: you submitted it for review."
    if claim.verdict_author_id() == user.pk:
        return "Another editor must approve this verdict: you wrote it."
    return None


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    who: frozenset[Role]
    label: str
    guard: Guard | None = None
    needs_note: bool = False

    def refusal(self, claim: Claim, user: User, note: str = "") -> WorkflowError | None:
        """Why `user` may not make this step on `claim` now, or None."""
        if claim.status != self.source:
            return WorkflowError(
                f"A {claim.get_status_display().lower()} claim cannot move to "
                f"{Status(self.target).label.lower()}.",
                field="to",
            )
        if not (roles_of(user, claim) & self.who):
            names = " or ".join(sorted(role.value for role in self.who))
            return PermissionRefused(
                f"Only the {names} may move a claim from {Status(self.source).label.lower()} "
                f"to {Status(self.target).label.lower()}."
            )
        if self.guard is not None:
            reason = self.guard(claim, user, note)
            if reason:
                return WorkflowError(reason, field="note" if self.needs_note else None)
        return None


_TEAM = frozenset({Role.RESEARCHER, Role.EDITOR})
_EDITOR = frozenset({Role.EDITOR})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.NEW, Status.SELECTED, _TEAM, "Select for checking"),
    Transition(
        Status.NEW,
        Status.DISMISSED,
        _TEAM,
        "Dismiss",
        guard=_needs_note("say why it is dismissed"),
        needs_note=True,
    ),
    Transition(Status.DISMISSED, Status.NEW, _EDITOR, "Restore to triage"),
    Transition(Status.SELECTED, Status.RESEARCHING, _TEAM, "Start research", guard=_has_assignee),
    Transition(
        Status.RESEARCHING,
        Status.IN_REVIEW,
        frozenset({Role.ASSIGNEE, Role.EDITOR}),
        "Submit for review",
        guard=_verdict_ready,
    ),
    Transition(
        Status.IN_REVIEW,
        Status.RESEARCHING,
        _EDITOR,
        "Request changes",
        guard=_needs_note("say what should change"),
        needs_note=True,
    ),
    Transition(Status.IN_REVIEW, Status.APPROVED, _EDITOR, "Approve", guard=_four_eyes),
    Transition(Status.APPROVED, Status.PUBLISHED, _EDITOR, "Publish", guard=_verdict_ready),
    Transition(
        Status.PUBLISHED,
        Status.RESEARCHING,
        _EDITOR,
        "Reopen for a correction",
        guard=_needs_note("describe the correction"),
        needs_note=True,
    ),
)

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


def check_transition(claim: Claim, user: User, target: str, note: str = "") -> Transition:
    """The transition to `target`, or raise the WorkflowError that refuses it."""
    try:
        target_status = Status(target)
    except ValueError:
        raise WorkflowError(f"“{target}” is not a status.", field="to") from None
    transition = _BY_PAIR.get((Status(claim.status), target_status))
    if transition is None:
        raise WorkflowError(
            f"A {claim.get_status_display().lower()} claim cannot move to "
            f"{target_status.label.lower()}.",
            field="to",
        )
    refusal = transition.refusal(claim, user, note)
    if refusal is not None:
        raise refusal
    return transition


def available_transitions(claim: Claim, user: User) -> list[Transition]:
    """The steps `user` may take on `claim` now. A note-requiring step is listed (the note
    is asked for when it is taken); other guards must already pass."""
    available = []
    for transition in TRANSITIONS:
        if transition.source != claim.status:
            continue
        note = "(note)" if transition.needs_note else ""
        if transition.refusal(claim, user, note) is None:
            available.append(transition)
    return available


# --- Rules for the other actions on a claim ---

EDITABLE_STATUSES = frozenset({Status.NEW, Status.SELECTED, Status.RESEARCHING})
VERDICT_STATUSES = frozenset({Status.SELECTED, Status.RESEARCHING})


def check_can_assign(claim: Claim, user: User, assignee: User | None) -> None:
    """Editors assign anyone on the team; researchers take claims for themselves, or pass on
    one that is theirs."""
    if assignee is not None and not is_staff_member(assignee):
        raise WorkflowError(
            f"{assignee.get_username()} is not a researcher or editor.", field="assignee"
        )
    if claim.status in (Status.PUBLISHED, Status.DISMISSED):
        raise WorkflowError(
            f"A {claim.get_status_display().lower()} claim cannot be assigned.", field="assignee"
        )
    if is_editor(user):
        return
    if not is_researcher(user):
        raise PermissionRefused("Only researchers and editors may assign claims.")
    own_claim = claim.assignee_id in (None, user.pk)
    if not own_claim:
        raise PermissionRefused("Only an editor may reassign a claim that someone else holds.")
    if assignee is not None and assignee.pk != user.pk and claim.assignee_id != user.pk:
        raise PermissionRefused("Researchers may assign an unassigned claim only to themselves.")


def check_can_set_verdict(claim: Claim, user: User) -> None:
    if not (roles_of(user, claim) & {Role.ASSIGNEE, Role.EDITOR}):
        raise PermissionRefused("Only the assignee or an editor may set the verdict.")
    if claim.status not in VERDICT_STATUSES:
        raise WorkflowError(
            f"The verdict cannot be changed while the claim is "
            f"{claim.get_status_display().lower()}.",
            field="rating",
        )


def check_can_research(claim: Claim, user: User) -> None:
    """Adding evidence or editing triage fields."""
    if not is_staff_member(user):
        raise PermissionRefused("Only researchers and editors may work on claims.")
    if claim.status not in EDITABLE_STATUSES:
        raise WorkflowError(
            f"A {claim.get_status_display().lower()} claim cannot be changed; reopen it first."
        )


SCHEDULING_FIELDS = frozenset({"priority", "due_at"})


def check_can_edit_details(claim: Claim, user: User, fields: set[str]) -> None:
    """Priority and due date may change until the claim is published or dismissed; what
    the public fact-check shows (speaker, claim type) only while the claim is worked on."""
    if fields - SCHEDULING_FIELDS:
        check_can_research(claim, user)
        return
    if not is_staff_member(user):
        raise PermissionRefused("Only researchers and editors may work on claims.")
    if claim.status in (Status.PUBLISHED, Status.DISMISSED):
        raise WorkflowError(
            f"A {claim.get_status_display().lower()} claim cannot be rescheduled.",
            field=sorted(fields)[0] if fields else None,
        )


def check_can_comment(claim: Claim, user: User) -> None:
    if not is_staff_member(user):
        raise PermissionRefused("Only researchers and editors may comment.")


def check_can_mark_duplicate(claim: Claim, user: User, original: Claim | None) -> None:
    if not is_staff_member(user):
        raise PermissionRefused("Only researchers and editors may mark duplicates.")
    if claim.status in (Status.PUBLISHED, Status.APPROVED):
        raise WorkflowError(
            f"An {claim.get_status_display().lower()} claim cannot be marked a duplicate; "
            "reopen it first.",
            field="duplicate_of",
        )
    if original is None:
        return
    if original.pk == claim.pk:
        raise WorkflowError("A claim cannot be a duplicate of itself.", field="duplicate_of")
    seen = {claim.pk}
    cursor = original
    while cursor is not None:
        if cursor.pk in seen:
            raise WorkflowError("That would make a circle of duplicates.", field="duplicate_of")
        seen.add(cursor.pk)
        cursor = cursor.duplicate_of


# --- The learned scorer: which model scores the claims is an editor's decision ---


def can_manage_scorer(user: User) -> bool:
    """Train, activate, roll back scorer models and re-score claims: editors only."""
    return is_editor(user)


def check_can_manage_scorer(user: User) -> None:
    if not can_manage_scorer(user):
        raise PermissionRefused(
            "Only editors may train, activate or roll back scorer models, or re-score claims."
        )


# --- Seen before: the external archive and match suggestions ---


def check_can_import_factchecks(user: User) -> None:
    """The archive is shared by everyone's matching: editors fill it."""
    if not is_editor(user):
        raise PermissionRefused("Only editors may import fact-checks into the archive.")


def check_can_decide_suggestion(claim: Claim, user: User, suggestion_state: str) -> None:
    """Confirm or reject a "seen before" match (an open one: decisions are not re-taken)."""
    if not is_staff_member(user):
        raise PermissionRefused("Only researchers and editors may confirm or reject matches.")
    if suggestion_state != "open":
        raise WorkflowError(
            f"This match was already {suggestion_state}; it cannot be decided again.",
            field="state",
        )


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


# --- Speakers ---


def can_manage_speakers(user: User) -> bool:
    """Editors create, rename and merge speakers: it changes what every claim of theirs
    (and their published fact-checks) says."""
    return is_editor(user)


def check_can_manage_speakers(user: User) -> None:
    if not can_manage_speakers(user):
        raise PermissionRefused("Only editors may create, edit or merge speakers.")


def can_correct_speaker(claim: Claim, user: User) -> bool:
    try:
        check_can_correct_speaker(claim, user)
    except WorkflowError:
        return False
    return True


def check_can_correct_speaker(claim: Claim, user: User) -> None:
    """Researchers and editors correct who said a claim while it is worked on (what a
    published fact-check shows changes only after reopening it)."""
    if not is_staff_member(user):
        raise PermissionRefused("Only researchers and editors may correct a claim's speaker.")
    if claim.status not in EDITABLE_STATUSES:
        raise WorkflowError(
            f"The speaker of a {claim.get_status_display().lower()} claim cannot be changed; "
            "reopen it first.",
            field="speaker",
        )
