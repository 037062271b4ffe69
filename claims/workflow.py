"""The claim workflow: statuses, roles, and the one table of allowed transitions.

Every face (admin, pages, API, tasks) asks this module what a user may do, and
`claims.services` performs the step. Nothing else decides: each action has one rule here
that returns its refusal (or None), the services `enforce` it, and the faces ask the same
rule to show only the steps a user may take.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

from claims.errors import PermissionRefused, WorkflowError
from claims.errors import StaleVersion as StaleVersion  # the faces import it from here too
from claims.roles import Role, is_editor, is_researcher, is_staff_member, roles_of

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
    if user.pk in claim.verdict_author_ids():
        return "Another editor must approve this verdict: you wrote it (or a version of it)."
    return None


class Audience(enum.StrEnum):
    """Who a notice goes to (never the person who acted)."""

    EDITORS = "editors"  # every active editor
    TEAM = "team"  # the claim's assignee and whoever submitted it for review
    ASSIGNEE = "assignee"  # the claim's (new) assignee


@dataclass(frozen=True)
class Notice:
    """The notification a step sends: its kind (a `claims.models.NotificationKind` value),
    who gets it, and its message, formatted with `who` (the actor) and `note`."""

    kind: str
    audience: Audience
    message: str

    def text(self, who: str, note: str = "") -> str:
        return self.message.format(who=who, note=note)


ASSIGNED_NOTICE = Notice("assigned", Audience.ASSIGNEE, "{who} assigned you a claim to check.")


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    who: frozenset[Role]
    label: str
    guard: Guard | None = None
    needs_note: bool = False
    notice: Notice | None = None

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
        notice=Notice(
            "review_requested", Audience.EDITORS, "{who} asks for a review of a verdict."
        ),
    ),
    Transition(
        Status.IN_REVIEW,
        Status.RESEARCHING,
        _EDITOR,
        "Request changes",
        guard=_needs_note("say what should change"),
        needs_note=True,
        notice=Notice("changes_requested", Audience.TEAM, "{who} requested changes: {note}"),
    ),
    Transition(
        Status.IN_REVIEW,
        Status.APPROVED,
        _EDITOR,
        "Approve",
        guard=_four_eyes,
        notice=Notice("approved", Audience.TEAM, "{who} approved the verdict."),
    ),
    Transition(
        Status.APPROVED,
        Status.PUBLISHED,
        _EDITOR,
        "Publish",
        guard=_verdict_ready,
        notice=Notice("published", Audience.TEAM, "{who} published the fact-check."),
    ),
    Transition(
        Status.PUBLISHED,
        Status.RESEARCHING,
        _EDITOR,
        "Reopen for a correction",
        guard=_needs_note("describe the correction"),
        needs_note=True,
        notice=Notice(
            "changes_requested",
            Audience.TEAM,
            "{who} reopened the fact-check for a correction: {note}",
        ),
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


def _steps(claim: Claim, user: User) -> list[tuple[Transition, WorkflowError | None]]:
    """Each step out of the claim's status with its refusal for `user` (or None). A step
    that needs a note is judged as if it had one: the note is asked for when it is taken."""
    return [
        (t, t.refusal(claim, user, "(note)" if t.needs_note else ""))
        for t in TRANSITIONS
        if t.source == claim.status
    ]


def available_transitions(claim: Claim, user: User) -> list[Transition]:
    """The steps `user` may take on `claim` now."""
    return [transition for transition, refusal in _steps(claim, user) if refusal is None]


def blocked_transitions(claim: Claim, user: User) -> list[tuple[Transition, str]]:
    """The steps `user` has the role for but whose guard refuses now, with the reason, so a
    page can say what is missing."""
    return [
        (transition, refusal.message)
        for transition, refusal in _steps(claim, user)
        if refusal is not None and refusal.code == "invalid"
    ]


# --- Rules for the other actions: each returns its refusal (None: allowed); the services
# raise it (`enforce`), the faces ask it to show only what a user may do. ---

EDITABLE_STATUSES = frozenset({Status.NEW, Status.SELECTED, Status.RESEARCHING})
VERDICT_STATUSES = frozenset({Status.SELECTED, Status.RESEARCHING})
REVIEW_FIX_STATUSES = frozenset({Status.IN_REVIEW, Status.APPROVED})
CLOSED_STATUSES = frozenset({Status.PUBLISHED, Status.DISMISSED})
SCHEDULING_FIELDS = frozenset({"priority", "due_at"})
BULK_ACTIONS = ("transition", "assign")

Refusal = WorkflowError | None


def enforce(refusal: Refusal) -> None:
    """Raise the rule's refusal, if it refused."""
    if refusal is not None:
        raise refusal


def _team_only(user: User, doing: str) -> Refusal:
    if is_staff_member(user):
        return None
    return PermissionRefused(f"Only researchers and editors may {doing}.")


def _editors_only(user: User, doing: str) -> Refusal:
    return None if is_editor(user) else PermissionRefused(f"Only editors may {doing}.")


def assign_refusal(claim: Claim, user: User, assignee: User | None) -> Refusal:
    """Editors assign anyone; researchers take a claim being worked on, or pass on theirs."""
    if assignee is not None and not is_staff_member(assignee):
        return WorkflowError(
            f"{assignee.get_username()} is not a researcher or editor.", field="assignee"
        )
    if claim.status in CLOSED_STATUSES:
        return WorkflowError(
            f"A {claim.get_status_display().lower()} claim cannot be assigned.", field="assignee"
        )
    if is_editor(user):
        return None
    if not is_researcher(user):
        return PermissionRefused("Only researchers and editors may assign claims.")
    if claim.status not in EDITABLE_STATUSES:
        return PermissionRefused("Only an editor may assign a claim once it is sent to review.")
    if claim.assignee_id not in (None, user.pk):
        return PermissionRefused("Only an editor may reassign a claim that someone else holds.")
    if assignee is not None and assignee.pk != user.pk and claim.assignee_id != user.pk:
        return PermissionRefused("Researchers may assign an unassigned claim only to themselves.")
    return None


def verdict_refusal(claim: Claim, user: User) -> Refusal:
    """While worked on, the assignee or an editor; in review or approved, an editor may fix
    it (a typo) in place: that makes them an author, so someone else approves (four eyes),
    and a fix to an approved verdict sends it back to review (`claim_set_verdict`)."""
    if not (roles_of(user, claim) & {Role.ASSIGNEE, Role.EDITOR}):
        return PermissionRefused("Only the assignee or an editor may set the verdict.")
    if claim.status in REVIEW_FIX_STATUSES and is_editor(user):
        return None
    if claim.status not in VERDICT_STATUSES:
        return WorkflowError(
            f"The verdict cannot be changed while the claim is "
            f"{claim.get_status_display().lower()}.",
            field="rating",
        )
    return None


def evidence_refusal(claim: Claim, user: User) -> Refusal:
    """Adding evidence (and changing what the public fact-check shows) while it is worked on."""
    if refusal := _team_only(user, "work on claims"):
        return refusal
    if claim.status not in EDITABLE_STATUSES:
        return WorkflowError(
            f"A {claim.get_status_display().lower()} claim cannot be changed; reopen it first."
        )
    return None


def details_refusal(claim: Claim, user: User, fields: set[str]) -> Refusal:
    """Priority and due date may change until the claim is published or dismissed; what
    the public fact-check shows (speaker, claim type) only while the claim is worked on."""
    if fields - SCHEDULING_FIELDS:
        return evidence_refusal(claim, user)
    if refusal := _team_only(user, "work on claims"):
        return refusal
    if claim.status in CLOSED_STATUSES:
        return WorkflowError(
            f"A {claim.get_status_display().lower()} claim cannot be rescheduled.",
            field=sorted(fields)[0] if fields else None,
        )
    return None


def comment_refusal(claim: Claim, user: User) -> Refusal:
    return _team_only(user, "comment")


def duplicate_refusal(claim: Claim, user: User, original: Claim | None) -> Refusal:
    if refusal := _team_only(user, "mark duplicates"):
        return refusal
    if claim.status in (Status.PUBLISHED, Status.APPROVED):
        return WorkflowError(
            f"An {claim.get_status_display().lower()} claim cannot be marked a duplicate; "
            "reopen it first.",
            field="duplicate_of",
        )
    if original is not None and original.pk == claim.pk:
        return WorkflowError("A claim cannot be a duplicate of itself.", field="duplicate_of")
    seen, cursor = {claim.pk}, original
    while cursor is not None:
        if cursor.pk in seen:
            return WorkflowError("That would make a circle of duplicates.", field="duplicate_of")
        seen.add(cursor.pk)
        cursor = cursor.duplicate_of
    return None


def document_edit_refusal(user: User) -> Refusal:
    """Correcting a document's details, or adding a claim extraction missed: the team."""
    return _team_only(user, "edit documents or add claims")


def wording_refusal(claim: Claim, user: User) -> Refusal:
    """The wording to publish changes while the claim is worked on (reopen it after)."""
    if refusal := evidence_refusal(claim, user):
        return (
            WorkflowError(refusal.message, field="claim_text")
            if refusal.code == "invalid"
            else refusal
        )
    return None


def team_refusal(user: User | None) -> Refusal:
    """Inviting members and setting roles: administrators (None: the command line)."""
    if user is None or (user.is_authenticated and user.has_perm("auth.change_user")):
        return None
    return PermissionRefused("Only administrators may invite members or change roles.")


def reextract_refusal(user: User) -> Refusal:
    """Re-extracting a document (its tracked claims keep their state)."""
    return _team_only(user, "re-extract documents")


def bulk_refusal(user: User, action: str) -> Refusal:
    """One action on several claims; each claim is then judged by that action's own rule."""
    if action not in BULK_ACTIONS:
        return WorkflowError(
            f"“{action}” is not one of: {', '.join(BULK_ACTIONS)}.", field="action"
        )
    return _team_only(user, "change claims in bulk")


def rating_refusal(user: User, *, creating: bool) -> Refusal:
    """The verdict scale: what every published ClaimReview says, so administrators only."""
    permission = "claims.add_rating" if creating else "claims.change_rating"
    if user and user.is_authenticated and user.has_perm(permission):
        return None
    return PermissionRefused("Only administrators may edit the verdict scale.")


# --- The learned scorer: which model scores the claims is an editor's decision ---


def scorer_refusal(user: User) -> Refusal:
    """Train, activate, roll back scorer models and re-score claims: editors only."""
    return _editors_only(user, "train, activate or roll back scorer models, or re-score claims")


# --- Speakers ---


def speakers_refusal(user: User) -> Refusal:
    """Editors create, rename and merge speakers: it changes what every claim of theirs
    (and their published fact-checks) says."""
    return _editors_only(user, "create, edit or merge speakers")


def speaker_refusal(claim: Claim, user: User) -> Refusal:
    """Researchers and editors correct who said a claim while it is worked on (what a
    published fact-check shows changes only after reopening it)."""
    if refusal := _team_only(user, "correct a claim's speaker"):
        return refusal
    if claim.status not in EDITABLE_STATUSES:
        return WorkflowError(
            f"The speaker of a {claim.get_status_display().lower()} claim cannot be changed; "
            "reopen it first.",
            field="speaker",
        )
    return None
