"""Every write to documents and claims. One transaction and one ClaimEvent per action.

The faces (admin, pages, API, tasks) parse input, call one of these, and render the
result. Input errors raise Django's ValidationError with the field at fault; workflow
refusals raise `claims.workflow.WorkflowError` (400/403/409 by its `code`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from claims import labels, workflow
from claims.extraction.normalize import normalize_text
from claims.extraction.version import EXTRACTOR_VERSION
from claims.models import (
    Claim,
    ClaimEvent,
    Comment,
    Document,
    DocumentKind,
    EventAction,
    Evidence,
    ExtractionJob,
    JobStatus,
    Notification,
    NotificationKind,
    Priority,
    Rating,
    Speaker,
    Stance,
)
from claims.speaker_resolution import mention_of, speakers_resolve
from claims.workflow import StaleVersion, Status, WorkflowError

if TYPE_CHECKING:
    from claims.extraction.pipeline import Candidate

UserModel = get_user_model()


# --- Documents and extraction jobs ---


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_HTTP_URL = URLValidator(schemes=["http", "https"])


def url_error(url: str) -> str | None:
    """Why `url` is not an acceptable http(s) address, or None."""
    if len(url) > 2000:
        return "The URL is longer than 2000 characters."
    try:
        _HTTP_URL(url)
    except ValidationError:
        return "Give a complete http:// or https:// address."
    return None


def document_clean(*, text: str, title: str, url: str | None, kind: str) -> str:
    """Validate and return the normalized text, or raise ValidationError naming the field."""
    errors: dict[str, str] = {}
    limit = settings.DOCUMENT_MAX_BYTES
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        errors["text"] = f"The text is larger than the limit of {limit // 1024:,} KB."
    normalized = normalize_text(text) if "text" not in errors else ""
    if "text" not in errors and not normalized:
        errors["text"] = "The text is empty: paste the article or transcript to check."
    if url and (problem := url_error(url)):
        errors["url"] = problem
    if kind not in DocumentKind.values:
        errors["kind"] = f"Kind must be one of: {', '.join(DocumentKind.values)}."
    if errors:
        raise ValidationError(errors)
    return normalized


def document_ingest(
    *,
    text: str,
    title: str = "",
    url: str | None = None,
    publisher: str = "",
    author: str = "",
    published_at: datetime | None = None,
    kind: str = DocumentKind.ARTICLE,
    language: str = "en",
    created_by: Any = None,
    extract: bool = True,
    enqueue: bool = True,
) -> tuple[Document, bool]:
    """Store a document (normalized once) and queue its extraction.

    The same text twice returns the existing document and False, not a copy.
    """
    url = (url or "").strip() or None
    normalized = document_clean(text=text, title=title, url=url, kind=kind)
    fields = {
        "text": normalized,
        "content_hash": content_hash(normalized),
        "title": title.strip()[:300] or _title_from_text(normalized),
        "url": url,
        "publisher": publisher.strip()[:200],
        "author": author.strip()[:200],
        "published_at": published_at,
        "kind": kind,
        "language": language or "en",
        "created_by": created_by if getattr(created_by, "pk", None) else None,
    }
    url_taken = ValidationError(
        {"url": "Another document with different text already has this URL."}
    )
    with transaction.atomic():
        existing = Document.objects.filter(content_hash=fields["content_hash"]).first()
        if existing is not None:
            return existing, False
        if url and Document.objects.filter(url=url).exists():
            raise url_taken
        try:
            with transaction.atomic():  # a savepoint: a concurrent ingest may win the race
                document = Document.objects.create(**fields)
        except IntegrityError:
            existing = Document.objects.filter(content_hash=fields["content_hash"]).first()
            if existing is None:
                raise url_taken from None
            return existing, False
        if extract:
            job_create(document=document, enqueue=enqueue)
    return document, True


def document_ingest_url(*, url: str, title: str = "", **fields: Any) -> tuple[Document, bool]:
    """Fetch the page at `url` (public http(s) only, within the size limit and timeout) and
    ingest its text, titled by the page unless `title` is given."""
    from claims.fetch import fetch_document

    text, page_title = fetch_document((url or "").strip())
    return document_ingest(text=text, title=title or page_title, url=url, **fields)


def _title_from_text(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return first_line if len(first_line) <= 120 else first_line[:117].rstrip() + "…"


def job_create(*, document: Document, enqueue: bool = True) -> ExtractionJob:
    """A queued extraction job for `document`, sent to the workers once the transaction commits
    (or left for the caller to run when `enqueue` is False)."""
    job = ExtractionJob.objects.create(document=document, extractor_version=EXTRACTOR_VERSION)
    if enqueue:
        job_enqueue(job=job)
    return job


def job_enqueue(*, job: ExtractionJob) -> None:
    from claims.tasks import extract_document

    ExtractionJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())
    transaction.on_commit(lambda: extract_document.delay(job.pk))


MAX_ATTEMPTS = 3


def job_start(*, job_id: int, task_id: str = "") -> ExtractionJob | None:
    """Mark a job running and count the attempt. None when there is nothing to do: the job
    already finished, another delivery of it is running now, or it has used up its attempts
    (then it is failed with the reason)."""
    with transaction.atomic():
        job = ExtractionJob.objects.select_for_update().select_related("document").get(pk=job_id)
        if job.status == JobStatus.SUCCEEDED:
            return None
        if _running_elsewhere(job, task_id):
            return None
        if job.attempts >= MAX_ATTEMPTS:
            job.status = JobStatus.FAILED
            job.error = (
                f"Gave up after {job.attempts} attempts: the worker stopped each time (out of "
                "memory or past the time limit?). Split the document or raise the limits, "
                "then re-extract it."
            )
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.error = ""
        job.task_id = task_id or job.task_id
        job.started_at = timezone.now()
        job.finished_at = None
        job.progress_done = 0
        job.save(
            update_fields=[
                "status",
                "attempts",
                "error",
                "task_id",
                "started_at",
                "finished_at",
                "progress_done",
            ]
        )
    return job


def _running_elsewhere(job: ExtractionJob, task_id: str) -> bool:
    """A second message for a job that another delivery is running right now (e.g. sent
    again by the sweep). The same message delivered again after a crash has the same task
    id, and goes ahead."""
    if job.status != JobStatus.RUNNING or not job.started_at or not task_id:
        return False
    fresh = timezone.now() - job.started_at < timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return fresh and job.task_id not in ("", task_id)


def job_progress(*, job_id: int, done: int, total: int) -> None:
    ExtractionJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)


def job_fail(*, job_id: int, error: str) -> None:
    ExtractionJob.objects.filter(pk=job_id).exclude(status=JobStatus.SUCCEEDED).update(
        status=JobStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


_EXTRACTED_FIELDS = (
    "text",
    "speaker",
    "speaker_resolved",
    "speaker_ref",
    "claim_type",
    "is_quote",
    "score",
    "reasons",
    "entities",
    "quantities",
    "extractor_version",
    "scorer_version",
)


_SPEAKER_FIELDS = ("speaker", "speaker_resolved", "speaker_ref")


def claims_save_candidates(
    *,
    job: ExtractionJob,
    candidates: Sequence[Candidate],
    threshold: float,
    sentences: int,
    extract_seconds: float,
    scorer_version: str = "rules",
) -> ExtractionJob:
    """Save the candidates at or above `threshold` as claims and finish the job, in one
    transaction. `scorer_version` names the scorer that scored them ("rules" or "v3").

    Idempotent by the unique document span: a claim already there keeps its workflow state;
    only a claim still new takes the newer extractor's (or scorer's) score and reasons.
    """
    started = timezone.now()
    kept = [c for c in candidates if c.score >= threshold]
    with transaction.atomic():
        job = ExtractionJob.objects.select_for_update().get(pk=job.pk)
        if job.status == JobStatus.SUCCEEDED:
            return job
        # Lock the document so two jobs of the same document save one after the other.
        Document.objects.select_for_update().filter(pk=job.document_id).first()
        existing = {(c.start, c.end): c for c in Claim.objects.filter(document_id=job.document_id)}
        now = timezone.now()
        to_create, to_refresh = _split_candidates(
            kept, existing, job.extractor_version, scorer_version
        )
        # Every speaker of the document in one batch of queries (claims.speaker_resolution).
        new_claims, refreshed = _claims_to_write(job, to_create, to_refresh, now, scorer_version)
        created = Claim.objects.bulk_create(new_claims)
        if refreshed:
            Claim.objects.bulk_update(refreshed, [*_EXTRACTED_FIELDS])
        ClaimEvent.objects.bulk_create(
            ClaimEvent(
                claim=claim,
                action=EventAction.EXTRACTED,
                to_status=Status.NEW,
                data={"job": job.pk, "score": claim.score},
                created_at=now,
            )
            for claim in created
        )
        job.status = JobStatus.SUCCEEDED
        job.sentences = sentences
        job.progress_done = job.progress_total = sentences
        job.claims_found = len(kept)
        job.claims_created = len(created)
        job.extract_seconds = round(extract_seconds, 4)
        job.finished_at = timezone.now()
        job.save_seconds = round((job.finished_at - started).total_seconds(), 4)
        job.error = ""
        job.save(
            update_fields=[
                "status",
                "sentences",
                "progress_done",
                "progress_total",
                "claims_found",
                "claims_created",
                "extract_seconds",
                "save_seconds",
                "finished_at",
                "error",
            ]
        )
    return job


def _claims_to_write(
    job: ExtractionJob,
    to_create: Sequence[Candidate],
    to_refresh: Sequence[tuple[Candidate, Claim]],
    now: datetime,
    scorer_version: str,
) -> tuple[list[Claim], list[Claim]]:
    """The new claims (unsaved) and the refreshed ones, each with its Speaker: every
    speaker of the document is resolved in one batch of queries (claims.speaker_resolution)."""
    untouched = [c for c, claim in to_refresh if claim.version == 1]
    mentions = [mention_of(c) for c in [*to_create, *untouched]]
    speakers = speakers_resolve(m for m in mentions if m is not None)
    new_claims, refreshed = [], []
    for candidate in to_create:
        values = _claim_values(
            candidate, job.extractor_version, scorer_version, speakers.get(mention_of(candidate))
        )
        new_claims.append(
            Claim(
                document_id=job.document_id,
                job=job,
                start=candidate.start,
                end=candidate.end,
                created_at=now,
                updated_at=now,
                **values,
            )
        )
    for candidate, claim in to_refresh:
        values = _claim_values(
            candidate, job.extractor_version, scorer_version, speakers.get(mention_of(candidate))
        )
        if claim.version > 1:  # a person has worked on it: their speaker stays
            for field in _SPEAKER_FIELDS:
                values.pop(field)
        for field, value in values.items():
            setattr(claim, field, value)
        refreshed.append(claim)
    return new_claims, refreshed


def _split_candidates(
    kept: Sequence[Candidate],
    existing: dict[tuple[int, int], Claim],
    extractor_version: str,
    scorer_version: str,
) -> tuple[list[Candidate], list[tuple[Candidate, Claim]]]:
    """The candidates to save as new claims, and those that refresh a claim still new."""
    to_create, to_refresh = [], []
    for candidate in kept:
        claim = existing.get((candidate.start, candidate.end))
        if claim is None:
            if not _overlaps(candidate, existing):  # else a newer segmentation of a tracked one
                to_create.append(candidate)
        elif claim.status == Status.NEW and (
            claim.extractor_version != extractor_version or claim.scorer_version != scorer_version
        ):
            to_refresh.append((candidate, claim))
    return to_create, to_refresh


def _overlaps(candidate: Candidate, existing: dict[tuple[int, int], Claim]) -> bool:
    return any(start < candidate.end and candidate.start < end for start, end in existing)


def _claim_values(
    candidate: Candidate, extractor_version: str, scorer_version: str, speaker: Speaker | None
) -> dict[str, Any]:
    return {
        "text": candidate.text,
        "speaker": candidate.speaker[:200],
        # With a Speaker, its name (claims.speakers keeps the two together).
        "speaker_resolved": speaker.name if speaker else candidate.speaker_resolved[:200],
        "speaker_ref": speaker,
        "claim_type": candidate.claim_type,
        "is_quote": candidate.is_quote,
        "score": min(1.0, max(0.0, float(candidate.score))),
        "reasons": list(candidate.reasons),
        "entities": [dict(e) for e in candidate.entities],
        "quantities": [dict(q) for q in candidate.quantities],
        "extractor_version": extractor_version,
        "scorer_version": scorer_version,
    }


def document_reextract(
    *, document: Document, actor: Any = None, enqueue: bool = True
) -> ExtractionJob:
    """Queue a new extraction of `document` (claims already tracked keep their state)."""
    if actor is not None and not workflow.is_staff_member(actor):
        raise workflow.PermissionRefused("Only researchers and editors may re-extract documents.")
    with transaction.atomic():
        return job_create(document=document, enqueue=enqueue)


# --- Claims: the workflow ---


def _locked_claim(claim: Claim, expected_version: int | None) -> Claim:
    """Re-read the claim under a row lock and refuse a stale version (optimistic locking)."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise StaleVersion(locked.version)
    return locked


def _save_claim(claim: Claim, fields: Iterable[str]) -> None:
    claim.version += 1
    claim.updated_at = timezone.now()
    claim.save(update_fields=[*fields, "version", "updated_at"])


def _event(
    claim: Claim,
    actor: Any,
    action: str,
    *,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict | None = None,
) -> ClaimEvent:
    return ClaimEvent.objects.create(
        claim=claim,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )


def _notify(claim: Claim, recipients: Iterable[Any], kind: str, message: str, actor: Any) -> None:
    """Notify each recipient (never the actor themselves), in the app and by e-mail."""
    people = {r.pk: r for r in recipients if r is not None and r.pk != getattr(actor, "pk", None)}
    if not people:
        return
    Notification.objects.bulk_create(
        Notification(recipient=r, claim=claim, actor=actor, kind=kind, message=message[:300])
        for r in people.values()
    )
    link = settings.SITE_URL + claim.get_absolute_url()
    mails = [
        (
            f"[factcheck] {message[:120]}",
            f"{message}\n\n“{claim.text}”\n\n{link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [r.email],
        )
        for r in people.values()
        if r.email
    ]
    if mails:
        from claims.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.delay(mails))


def _editors() -> list[Any]:
    return list(
        UserModel.objects.filter(is_active=True, groups__name=workflow.EDITORS_GROUP).distinct()
    )


def claim_transition(
    *, claim: Claim, to: str, actor: Any, note: str = "", expected_version: int | None = None
) -> Claim:
    """Move `claim` to status `to` if the transition table allows `actor` to."""
    note = (note or "").strip()
    with transaction.atomic():
        claim = _locked_claim(claim, expected_version)
        workflow.check_transition(claim, actor, to, note)
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
        _save_claim(claim, fields)
        _event(claim, actor, EventAction.TRANSITION, from_status=source, to_status=to, note=note)
        labels.label_record_decision(claim=claim)  # triage decisions train the scorer
        _notify_transition(claim, source, actor, note)
    return claim


def _unique_slug(claim: Claim) -> str:
    slug = slugify(claim.text)[:70].strip("-") or "claim"
    if Claim.objects.filter(slug=slug).exclude(pk=claim.pk).exists():
        slug = f"{slug}-{claim.pk}"
    return slug


def _notify_transition(claim: Claim, source: str, actor: Any, note: str) -> None:
    who = actor.get_username() if getattr(actor, "pk", None) else "Someone"
    team = [claim.assignee, claim.submitted_by]
    if claim.status == Status.IN_REVIEW:
        _notify(
            claim,
            _editors(),
            NotificationKind.REVIEW_REQUESTED,
            f"{who} asks for a review of a verdict.",
            actor,
        )
    elif claim.status == Status.RESEARCHING and source == Status.IN_REVIEW:
        _notify(
            claim,
            team,
            NotificationKind.CHANGES_REQUESTED,
            f"{who} requested changes: {note}",
            actor,
        )
    elif claim.status == Status.RESEARCHING and source == Status.PUBLISHED:
        _notify(
            claim,
            team,
            NotificationKind.CHANGES_REQUESTED,
            f"{who} reopened the fact-check for a correction: {note}",
            actor,
        )
    elif claim.status == Status.APPROVED:
        _notify(claim, team, NotificationKind.APPROVED, f"{who} approved the verdict.", actor)
    elif claim.status == Status.PUBLISHED:
        _notify(claim, team, NotificationKind.PUBLISHED, f"{who} published the fact-check.", actor)


def claim_assign(
    *, claim: Claim, assignee: Any, actor: Any, expected_version: int | None = None
) -> Claim:
    """Give `claim` to `assignee` (None to unassign)."""
    with transaction.atomic():
        claim = _locked_claim(claim, expected_version)
        workflow.check_can_assign(claim, actor, assignee)
        previous = claim.assignee
        claim.assignee = assignee
        _save_claim(claim, ["assignee"])
        _event(
            claim,
            actor,
            EventAction.ASSIGNED,
            data={
                "from": previous.get_username() if previous else None,
                "to": assignee.get_username() if assignee else None,
            },
        )
        if assignee is not None:
            by = actor.get_username() if getattr(actor, "pk", None) else "Someone"
            _notify(
                claim,
                [assignee],
                NotificationKind.ASSIGNED,
                f"{by} assigned you a claim to check.",
                actor,
            )
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
    if len(summary) > 500:
        raise ValidationError({"verdict_summary": "The summary is longer than 500 characters."})
    with transaction.atomic():
        claim = _locked_claim(claim, expected_version)
        workflow.check_can_set_verdict(claim, actor)
        claim.rating = rating
        claim.verdict_summary = summary
        claim.verdict_explanation = explanation
        _save_claim(claim, ["rating", "verdict_summary", "verdict_explanation"])
        _event(
            claim,
            actor,
            EventAction.VERDICT,
            data={"rating": rating.name if rating else None, "summary": summary},
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
    if len(title) > 300:
        errors["title"] = "The title is longer than 300 characters."
    if len(publisher) > 200:
        errors["publisher"] = "The publisher is longer than 200 characters."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = _locked_claim(claim, None)
        workflow.check_can_research(claim, actor)
        evidence = Evidence.objects.create(
            claim=claim,
            url=url,
            title=title.strip(),
            publisher=publisher.strip(),
            excerpt=excerpt.strip(),
            stance=stance,
            added_by=actor,
        )
        _save_claim(claim, [])
        _event(
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
    if len(body) > 10_000:
        raise ValidationError({"body": "The comment is longer than 10,000 characters."})
    with transaction.atomic():
        workflow.check_can_comment(claim, actor)
        comment = Comment.objects.create(claim=claim, author=actor, body=body)
        _event(claim, actor, EventAction.COMMENT, note=body[:500], data={"comment": comment.pk})
    return comment


def claim_mark_duplicate(
    *, claim: Claim, original: Claim | None, actor: Any, expected_version: int | None = None
) -> Claim:
    """Record (or clear, with None) that `claim` says the same as `original`."""
    with transaction.atomic():
        claim = _locked_claim(claim, expected_version)
        workflow.check_can_mark_duplicate(claim, actor, original)
        claim.duplicate_of = original
        _save_claim(claim, ["duplicate_of"])
        _event(
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
    from claims.models import ClaimType

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
        claim = _locked_claim(claim, expected_version)
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
        workflow.check_can_edit_details(claim, actor, set(changes))
        _save_claim(claim, list(changes))
        _event(claim, actor, EventAction.UPDATED, data=changes)
    return claim


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or the given ids); returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


class BulkResult:
    """Per-claim outcome of a bulk action: which succeeded, which were refused and why."""

    def __init__(self) -> None:
        self.done: list[Claim] = []
        self.refused: list[tuple[int, str]] = []

    def as_dict(self) -> dict[str, Any]:
        return {
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
    """Apply one action to several claims, each through its own service call and transaction."""
    result = BulkResult()
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=list(claim_ids))}
    for pk in claim_ids:
        claim = claims.get(pk)
        if claim is None:
            result.refused.append((pk, "No such claim."))
            continue
        try:
            if action == "transition":
                result.done.append(claim_transition(claim=claim, to=to, actor=actor, note=note))
            elif action == "assign":
                result.done.append(claim_assign(claim=claim, assignee=assignee, actor=actor))
            else:
                raise WorkflowError(f"Unknown bulk action “{action}”.")
        except (WorkflowError, ValidationError) as error:
            result.refused.append((pk, _message(error)))
    return result


def _message(error: Exception) -> str:
    if isinstance(error, WorkflowError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# --- Ratings (the verdict scale) ---


def rating_save(
    *,
    actor: Any,
    name: str,
    value: int,
    slug: str = "",
    description: str = "",
    rating: Rating | None = None,
) -> Rating:
    """Create a rating, or change `rating`. Ratings already used by claims keep their id, so
    published ClaimReviews follow the change."""
    permission = "claims.change_rating" if rating else "claims.add_rating"
    if not (actor and actor.is_authenticated and actor.has_perm(permission)):
        raise workflow.PermissionRefused("Only administrators may edit the verdict scale.")
    name, description = (name or "").strip(), (description or "").strip()
    slug = slugify(slug or name)
    errors = {}
    if not name or len(name) > 50:
        errors["name"] = "Give a name of 1 to 50 characters."
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        errors["value"] = "The value is a whole number from 0 (no position) to 100."
    if len(description) > 300:
        errors["description"] = "The description is longer than 300 characters."
    others = Rating.objects.exclude(pk=rating.pk if rating else None)
    if "name" not in errors and others.filter(name__iexact=name).exists():
        errors["name"] = f"A rating named “{name}” already exists."
    if "value" not in errors and others.filter(value=value).exists():
        errors["value"] = f"Another rating already has the value {value}."
    if not slug or others.filter(slug=slug).exists():
        errors["slug"] = "Give a unique slug (letters, digits and hyphens)."
    if errors:
        raise ValidationError(errors)
    rating = rating or Rating()
    rating.name, rating.slug, rating.value, rating.description = name, slug, value, description
    rating.save()
    return rating
