"""Reads that several pages share: each does its select_related/prefetch_related once, so a
page's query count does not grow with the number of claims."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import (
    Claim,
    ClaimEvent,
    Comment,
    Document,
    EventAction,
    Evidence,
    ExtractionJob,
    Notification,
    Speaker,
)
from claims.roles import EDITORS_GROUP, RESEARCHERS_GROUP
from claims.speakernames import fold, parse
from claims.workflow import Status

UserModel = get_user_model()


# --- Dashboard ---


def my_claims(user: Any) -> QuerySet[Claim]:
    """Claims assigned to `user` and still in progress: soonest due first, then priority."""
    return (
        Claim.objects.for_lists()
        .filter(assignee=user)
        .exclude(status__in=[Status.PUBLISHED, Status.DISMISSED])
        .order_by(F("due_at").asc(nulls_last=True), "-priority", "id")
    )


def triage_queue(*, speaker: Speaker | None = None) -> QuerySet[Claim]:
    claims = Claim.objects.for_lists().triage_queue()
    return claims if speaker is None else claims.filter(speaker_ref=speaker)


def waiting_for_review() -> QuerySet[Claim]:
    return (
        Claim.objects.for_lists()
        .select_related("submitted_by")
        .filter(status=Status.IN_REVIEW)
        .order_by("updated_at", "id")
    )


def recently_published() -> QuerySet[Claim]:
    return Claim.objects.for_lists().published().order_by("-published_at", "-id")


def status_counts() -> list[tuple[Status, int]]:
    """Every status with its number of claims (zeros included), in workflow order."""
    counts = dict(Claim.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [(status, counts.get(status.value, 0)) for status in Status]


# --- Documents ---


def documents_list(*, q: str = "", kind: str = "", publisher: str = "") -> QuerySet[Document]:
    # A correlated count runs for the page's rows only, not a GROUP BY over every claim.
    claim_count = (
        Claim.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(n=Count("id"))
        .values("n")
    )
    documents = (
        Document.objects.select_related("created_by")
        .defer("text")
        .annotate(claim_count=Coalesce(Subquery(claim_count), 0))
    )
    if q:
        documents = documents.filter(
            Q(title__icontains=q)
            | Q(publisher__icontains=q)
            | Q(author__icontains=q)
            | Q(url__icontains=q)
            | Q(text__icontains=q)
        )
    if kind:
        documents = documents.filter(kind=kind)
    if publisher:
        documents = documents.filter(publisher__iexact=publisher)
    return documents.order_by("-created_at", "-id")


def publishers() -> list[str]:
    return list(
        Document.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )


def latest_job(document: Document) -> ExtractionJob | None:
    return document.jobs.order_by("-created_at", "-id").first()


def document_claims(document: Document) -> list[Claim]:
    return list(document.claims.select_related("assignee", "rating").order_by("start", "end", "id"))


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Claim | None = None


def document_segments(text: str, claims: list[Claim]) -> list[Segment]:
    """The document text cut into plain runs and claim spans, in order. Overlapping spans
    are clipped so every character appears once."""
    segments: list[Segment] = []
    cursor = 0
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        start, end = max(claim.start, cursor), min(claim.end, len(text))
        if end <= start:
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], claim))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


# --- Claims ---


def claim_for_page(pk: int) -> Claim:
    """A claim with everything its page shows, in a fixed number of queries."""
    return (
        Claim.objects.select_related(
            "document",
            "assignee",
            "rating",
            "submitted_by",
            "duplicate_of",
            "job",
            "checked_elsewhere",
            "speaker_ref",
        )
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")),
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
            Prefetch("events", queryset=ClaimEvent.objects.select_related("actor")),
            Prefetch("duplicates", queryset=Claim.objects.only("id", "text", "duplicate_of")),
        )
        .get(pk=pk)
    )


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+|\n\s*\n")


def claim_context(claim: Claim, *, sentences: int = 2, window: int = 600) -> tuple[str, str, str]:
    """(before, claim text, after): the claim in its document, with up to `sentences`
    sentences either side, cut at sentence boundaries within `window` characters."""
    text = claim.document.text
    start, end = max(0, claim.start), min(len(text), claim.end)
    before_zone = text[max(0, start - window) : start]
    after_zone = text[end : end + window]
    cuts = [m.end() for m in _SENTENCE_END.finditer(before_zone)]
    before = before_zone[cuts[-sentences - 1] :] if len(cuts) > sentences else before_zone
    if len(cuts) <= sentences and start - window > 0:
        before = "…" + before
    # Searched in place, so that a boundary right after the claim (a claim that ends its
    # sentence) is seen. The first boundary closes the claim's own sentence; keep whole
    # sentences after it.
    ends = [m.start() - end for m in _SENTENCE_END.finditer(text, end, end + window)]
    after = after_zone[: ends[sentences]] if len(ends) > sentences else after_zone
    if len(ends) <= sentences and end + window < len(text):
        after += "…"
    return before.lstrip(), text[start:end], after.rstrip()


def team_members() -> QuerySet:
    """Everyone a claim can be assigned to: researchers, editors and superusers."""
    return (
        UserModel.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[RESEARCHERS_GROUP, EDITORS_GROUP]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def members_for_admin() -> QuerySet:
    """Every account, with its groups (the team page: roles and who may log in)."""
    return UserModel.objects.prefetch_related("groups").order_by("-is_active", "username")


# --- Notifications and the public side ---


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("claim", "actor")


def unread_notification_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def published_fact_checks() -> QuerySet[Claim]:
    return (
        Claim.objects.published()
        .select_related("document", "rating", "speaker_ref", "duplicate_of__document")
        .defer("document__text", "duplicate_of__document__text")
        .order_by("-published_at", "-id")
    )


def published_fact_check(pk: int) -> Claim:
    return fact_check_for_page(Claim.objects.published(), pk)


def fact_check_for_page(claims: QuerySet[Claim], pk: int) -> Claim:
    """A claim with everything its public page (or its preview) shows, in two queries."""
    return (
        claims.select_related(
            "document", "rating", "speaker_ref", "assignee", "duplicate_of__document"
        )
        .defer("document__text", "duplicate_of__document__text")
        .prefetch_related("evidence")
        .get(pk=pk)
    )


# --- Speakers ---


def _claims_of_speaker(**filters: Any) -> Subquery:
    """A correlated count of a speaker's claims: runs for the page's rows only."""
    claims = (
        Claim.objects.filter(speaker_ref=OuterRef("pk"), **filters)
        .order_by()
        .values("speaker_ref")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(claims), 0)


def speakers_list(*, q: str = "", kind: str = "") -> QuerySet[Speaker]:
    """Speakers with their numbers of claims and published fact-checks, by name; `q`
    matches the name, an alias, the role or the party."""
    speakers = Speaker.objects.annotate(
        claim_count=_claims_of_speaker(),
        published_count=_claims_of_speaker(status=Status.PUBLISHED),
    )
    q = q.strip()
    if q:
        speakers = speakers.filter(
            Q(name__icontains=q)
            | Q(match_keys__contains=fold(q))
            | Q(role__icontains=q)
            | Q(party__icontains=q)
        )
    if kind:
        speakers = speakers.filter(kind=kind)
    return speakers.order_by("name", "id")


def speaker_claims(speaker: Speaker) -> QuerySet[Claim]:
    return Claim.objects.for_lists().filter(speaker_ref=speaker).order_by("-created_at", "-id")


def speaker_verdicts(speaker: Speaker) -> QuerySet[Claim]:
    return (
        Claim.objects.for_lists()
        .published()
        .filter(speaker_ref=speaker)
        .order_by("-published_at", "-id")
    )


def speaker_namesakes(speaker: Speaker, limit: int = 10) -> list[Speaker]:
    """Other people with the same surname: the likely duplicates to merge."""
    if not speaker.surname:
        return []
    return list(Speaker.objects.filter(surname=speaker.surname).exclude(pk=speaker.pk)[:limit])


def speaker_by_reference(text: str) -> Speaker | None:
    """The speaker a person means by an id or by a name or alias (exactly one)."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return Speaker.objects.filter(pk=int(text)).first() if len(text) < 19 else None
    key = parse(text).key or parse(text, "organization").key
    if not key:
        return None
    found = list(Speaker.objects.filter(match_keys__contains=f"|{key}|")[:2])
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class SpeakerChange:
    created_at: Any
    actor: Any
    change: str  # "merge", "rename" or "correct"
    source: dict | None  # {"id", "name"} before
    target: dict | None  # and after
    claims: int


def speaker_history(speaker: Speaker, limit: int = 20) -> list[SpeakerChange]:
    """The speaker changes (merges, renames, corrections) on this speaker's claims, newest
    first; a merge or rename that moved many claims at once (one timestamp) is one line."""
    events = (
        ClaimEvent.objects.filter(claim__speaker_ref=speaker, action=EventAction.SPEAKER)
        .select_related("actor")
        .order_by("-created_at", "-id")[:1000]
    )
    same_change = itertools.groupby(
        events, key=lambda e: (e.created_at, e.actor_id, json.dumps(e.data, sort_keys=True))
    )
    changes = []
    for _, group in itertools.islice(same_change, limit):
        group = list(group)
        first, data = group[0], group[0].data or {}
        changes.append(
            SpeakerChange(
                first.created_at,
                first.actor,
                data.get("change", ""),
                data.get("from"),
                data.get("to"),
                len(group),
            )
        )
    return changes
