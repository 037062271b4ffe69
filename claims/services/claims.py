"""Claim actions: workflow transitions, assignment, verdict, evidence, comments, duplicates,
triage details, and the same action on several claims at once (bulk)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from claims import labels, speakers, workflow
from claims.errors import error_message
from claims.models import (
    Claim,
    ClaimType,
    Comment,
    EventAction,
    Evidence,
    Priority,
    Rating,
    Stance,
)
from claims.services import edits
from claims.services._shared import claim_event, locked_claim, save_claim
from claims.services.notifications import notify_step
from claims.services.webhooks import webhooks_claim_transition
from claims.validators import text_limit_errors, url_error, validate_text_limits
from claims.workflow import Status, WorkflowError


def claim_transition(
    *, claim: Claim, to: str, actor: Any, note: str = "", expected_version: int | None = None
) -> Claim:
    """Move `claim` to status `to` if the transition table allows `actor` to."""
    note = (note or "").strip()
    validate_text_limits(note=note)
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        transition = workflow.check_transition(claim, actor, to, note)
        source = claim.status
        claim.status = to
        fields = ["status"]
        now = timezone.now()
        if to == Status.IN_REVIEW:
            claim.submitted_by = actor
            fields.append("submitted_by")
        if to == Status.PUBLISHED:
            claim.published_at = now
            claim.first_published_at = claim.first_published_at or now
            claim.slug = claim.slug or _unique_slug(claim)
            fields += ["published_at", "first_published_at", "slug"]
        save_claim(claim, fields)
        claim_event(
            claim, actor, EventAction.TRANSITION, from_status=source, to_status=to, note=note
        )
        labels.label_record_decision(claim=claim)  # triage decisions train the scorer
        if transition.notice is not None:
            notify_step(claim, transition.notice, actor, note)
        webhooks_claim_transition(claim, source, to)
    return claim


def _unique_slug(claim: Claim) -> str:
    slug = slugify(claim.text)[:70].strip("-") or "claim"
    if Claim.objects.filter(slug=slug).exclude(pk=claim.pk).exists():
        slug = f"{slug}-{claim.pk}"
    return slug


def claim_assign(
    *, claim: Claim, assignee: Any, actor: Any, expected_version: int | None = None
) -> Claim:
    """Give `claim` to `assignee` (None to unassign)."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        workflow.enforce(workflow.assign_refusal(claim, actor, assignee))
        previous = claim.assignee
        claim.assignee = assignee
        save_claim(claim, ["assignee"])
        claim_event(
            claim,
            actor,
            EventAction.ASSIGNED,
            data={
                "from": previous.get_username() if previous else None,
                "to": assignee.get_username() if assignee else None,
            },
        )
        if assignee is not None:
            notify_step(claim, workflow.ASSIGNED_NOTICE, actor)
    return claim


def claim_set_verdict(
    *,
    claim: Claim,
    rating: Rating | None,
    summary: str,
    explanation: str = "",
    actor: Any,
    expected_version: int | None = None,
) -> Claim:
    summary, explanation = (summary or "").strip(), (explanation or "").strip()
    validate_text_limits(verdict_summary=summary, verdict_explanation=explanation)
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        workflow.enforce(workflow.verdict_refusal(claim, actor))
        before = (claim.rating, claim.verdict_summary)
        claim.rating = rating
        claim.verdict_summary = summary
        claim.verdict_explanation = explanation
        fields = ["rating", "verdict_summary", "verdict_explanation"]
        withdrawn = claim.status == Status.APPROVED
        if withdrawn:  # a fix to an approved verdict needs approving again (four eyes)
            claim.status = Status.IN_REVIEW
            fields.append("status")
        save_claim(claim, fields)
        claim_event(
            claim,
            actor,
            EventAction.VERDICT,
            data={
                "rating": rating.name if rating else None,
                "summary": summary,
                "from": {"rating": before[0].name if before[0] else None, "summary": before[1]},
            },
        )
        if withdrawn:
            claim_event(
                claim,
                actor,
                EventAction.TRANSITION,
                from_status=Status.APPROVED,
                to_status=Status.IN_REVIEW,
                note="The verdict changed after approval: it needs approving again.",
            )
    return claim


def claim_add_evidence(
    *,
    claim: Claim,
    url: str,
    actor: Any,
    title: str = "",
    publisher: str = "",
    excerpt: str = "",
    stance: str = Stance.CONTEXT,
) -> Evidence:
    url = (url or "").strip()
    errors = {}
    if problem := url_error(url):
        errors["url"] = problem
    if stance not in Stance.values:
        errors["stance"] = f"Stance must be one of: {', '.join(Stance.values)}."
    errors.update(text_limit_errors(title=title, publisher=publisher, excerpt=excerpt.strip()))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = locked_claim(claim, None)  # the row lock also serializes the count below
        workflow.enforce(workflow.evidence_refusal(claim, actor))
        limit = settings.LIMIT_EVIDENCE_PER_CLAIM
        if claim.evidence.count() >= limit:
            raise ValidationError(
                {"evidence": f"This claim has {limit} evidence sources, the most it can have."}
            )
        evidence = Evidence.objects.create(
            claim=claim,
            url=url,
            title=title.strip(),
            publisher=publisher.strip(),
            excerpt=excerpt.strip(),
            stance=stance,
            added_by=actor,
        )
        save_claim(claim, [])
        claim_event(
            claim,
            actor,
            EventAction.EVIDENCE,
            data={"evidence": evidence.pk, "url": url, "stance": stance},
        )
    return evidence


def claim_comment(*, claim: Claim, body: str, actor: Any) -> Comment:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "The comment is empty."})
    validate_text_limits(body=body)
    with transaction.atomic():
        workflow.enforce(workflow.comment_refusal(claim, actor))
        comment = Comment.objects.create(claim=claim, author=actor, body=body)
        claim_event(
            claim, actor, EventAction.COMMENT, note=body[:500], data={"comment": comment.pk}
        )
    return comment


def claim_mark_duplicate(
    *, claim: Claim, original: Claim | None, actor: Any, expected_version: int | None = None
) -> Claim:
    """Record (or clear, with None) that `claim` says the same as `original`."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        workflow.enforce(workflow.duplicate_refusal(claim, actor, original))
        claim.duplicate_of = original
        save_claim(claim, ["duplicate_of"])
        claim_event(
            claim,
            actor,
            EventAction.DUPLICATE,
            data={"duplicate_of": original.pk if original else None},
        )
    return claim


def claim_update(
    *,
    claim: Claim,
    actor: Any,
    expected_version: int | None = None,
    priority: int | None = None,
    due_at: datetime | None | str = "unchanged",
    speaker_resolved: str | None = None,
    claim_type: str | None = None,
) -> Claim:
    """Change triage details: priority, due date, resolved speaker, claim type."""
    errors = {}
    if priority is not None and priority not in Priority.values:
        errors["priority"] = f"Priority must be one of {Priority.values}."
    if claim_type is not None and claim_type not in ClaimType.values:
        errors["claim_type"] = f"Claim type must be one of: {', '.join(ClaimType.values)}."
    if speaker_resolved is not None and len(speaker_resolved) > 200:
        errors["speaker_resolved"] = "The speaker is longer than 200 characters."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        changes: dict[str, list[Any]] = {}
        updates = {
            "priority": priority,
            "speaker_resolved": speaker_resolved.strip() if speaker_resolved is not None else None,
            "claim_type": claim_type,
        }
        for field, value in updates.items():
            if value is not None and getattr(claim, field) != value:
                changes[field] = [getattr(claim, field), value]
                setattr(claim, field, value)
        if "speaker_resolved" in changes and claim.speaker_ref_id:
            # Free text no longer names the Speaker (claims.speakers sets both together).
            changes["speaker_ref"] = [claim.speaker_ref_id, None]
            claim.speaker_ref = None
        if due_at != "unchanged" and claim.due_at != due_at:
            changes["due_at"] = [_iso(claim.due_at), _iso(due_at)]
            claim.due_at = due_at
        if not changes:
            return claim
        workflow.enforce(workflow.details_refusal(claim, actor, set(changes)))
        save_claim(claim, list(changes))
        claim_event(claim, actor, EventAction.UPDATED, data=changes)
    return claim


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class BulkResult:
    """The outcome of a bulk action. It is all or nothing: `applied` is True when every claim
    was changed (`done`), False when any was refused (`refused`: id and reason, every one of
    them) and so none was."""

    def __init__(self) -> None:
        self.done: list[Claim] = []
        self.refused: list[tuple[int, str]] = []

    @property
    def applied(self) -> bool:
        return not self.refused

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "done": [c.pk for c in self.done],
            "refused": [{"id": pk, "reason": reason} for pk, reason in self.refused],
        }


def claims_bulk(
    *,
    claim_ids: Sequence[int],
    actor: Any,
    action: str,
    to: str = "",
    note: str = "",
    assignee: Any = None,
) -> BulkResult:
    """Apply one action to several claims, all or nothing. "transition" with an `assignee`
    also assigns each claim (select and assign in one step); "assign" gives them to
    `assignee` (None: unassign).

    Each claim goes through its own service (its rule, its ClaimEvent, its notices), each in
    a savepoint, so that every claim is tried and every refusal reported; when any claim is
    refused, the whole transaction is rolled back (the notices' e-mails, queued on commit,
    go with it) and `done` is empty."""
    workflow.enforce(workflow.bulk_refusal(actor, action))
    validate_text_limits(note=(note or "").strip())
    result = BulkResult()
    with transaction.atomic():
        claims = Claim.objects.in_bulk(list(claim_ids))
        for pk in claim_ids:
            claim = claims.get(pk)
            if claim is None:
                result.refused.append((pk, "No such claim."))
                continue
            try:
                with transaction.atomic():
                    result.done.append(_bulk_one(claim, actor, action, to, note, assignee))
            except (WorkflowError, ValidationError) as error:
                result.refused.append((pk, error_message(error)))
        if result.refused:
            transaction.set_rollback(True)
            result.done = []
    return result


def _bulk_one(claim: Claim, actor: Any, action: str, to: str, note: str, assignee: Any) -> Claim:
    if action == "assign":  # workflow.BULK_ACTIONS has no other than these two
        return claim_assign(claim=claim, assignee=assignee, actor=actor)
    claim = claim_transition(claim=claim, to=to, actor=actor, note=note)
    if assignee is not None and claim.assignee_id != assignee.pk:
        claim = claim_assign(claim=claim, assignee=assignee, actor=actor)
    return claim


DETAIL_FIELDS = ("priority", "due_at", "claim_type", "speaker_resolved")
VERDICT_FIELDS = ("rating", "verdict_summary", "verdict_explanation")
EDIT_FIELDS = (
    "assignee",
    "claim_text",
    *DETAIL_FIELDS,
    "speaker_ref",
    *VERDICT_FIELDS,
    "duplicate_of",
)


def claim_edit(
    *, claim: Claim, actor: Any, changes: dict[str, Any], expected_version: int | None = None
) -> Claim:
    """Several changes to one claim at once (the admin's form), all or nothing.

    The row is locked and `expected_version` checked under the lock before anything else,
    so a change that landed after the form was loaded refuses the whole edit instead of
    being overwritten (checked before the lock, it could land in between). Each change
    then goes through its own service: its rule, its ClaimEvent.
    """
    if unknown := sorted(set(changes) - set(EDIT_FIELDS)):
        raise ValidationError({field: "This field is not edited here." for field in unknown})
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        if "assignee" in changes:
            claim = claim_assign(claim=claim, assignee=changes["assignee"], actor=actor)
        if "claim_text" in changes:
            claim = edits.claim_set_wording(
                claim=claim, claim_text=changes["claim_text"], actor=actor
            )
        if details := {f: changes[f] for f in DETAIL_FIELDS if f in changes}:
            claim = claim_update(claim=claim, actor=actor, **details)
        if "speaker_ref" in changes:
            claim = speakers.claim_set_speaker(
                claim=claim, speaker=changes["speaker_ref"], actor=actor
            )
        if set(VERDICT_FIELDS) & set(changes):
            verdict = {f: changes.get(f, getattr(claim, f)) for f in VERDICT_FIELDS}
            claim = claim_set_verdict(
                claim=claim,
                rating=verdict["rating"],
                summary=verdict["verdict_summary"],
                explanation=verdict["verdict_explanation"],
                actor=actor,
            )
        if "duplicate_of" in changes:
            claim = claim_mark_duplicate(claim=claim, original=changes["duplicate_of"], actor=actor)
    return claim
