"""Reads about claims: the dashboard's queues, the claim page, the rows the API answers
with, the team, notifications and the public feed."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import Claim, ClaimEvent, Comment, Evidence, Notification, Speaker
from claims.roles import EDITORS_GROUP, RESEARCHERS_GROUP
from claims.selectors.rawrows import RowsById
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


# --- Claims ---


# The claim page shows the latest rows of a long discussion or history (a busy claim's page
# stays as fast as a quiet one's); `?all=1` shows every row, the CSV export has the history.
CLAIM_PAGE_ROWS = 50


def claim_for_page(pk: int, *, rows: int | None = CLAIM_PAGE_ROWS) -> Claim:
    """A claim with everything its page shows, in a fixed number of queries. Its comments and
    history rows, the latest `rows` of each (None: all), oldest first, are `page_comments`
    and `page_events`; `comment_count` and `event_count` count them all."""
    claim = (
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
        .annotate(comment_count=_count_of(Comment), event_count=_count_of(ClaimEvent))
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")),
            Prefetch("comments", queryset=_latest(comments(), rows), to_attr="page_comments"),
            Prefetch("events", queryset=_latest(history(), rows), to_attr="page_events"),
            Prefetch("duplicates", queryset=Claim.objects.only("id", "text", "duplicate_of")),
        )
        .get(pk=pk)
    )
    claim.page_comments.reverse()
    claim.page_events.reverse()
    return claim


def _count_of(model: type[Comment] | type[ClaimEvent]) -> Coalesce:
    """How many rows of `model` the claim has (a subquery: no join multiplying rows)."""
    per_claim = model.objects.filter(claim=OuterRef("pk")).order_by().values("claim")
    return Coalesce(Subquery(per_claim.annotate(n=Count("pk")).values("n")), 0)


def _latest(rows: QuerySet, limit: int | None) -> QuerySet:
    """`rows`, newest first, at most `limit` of them (per claim, when prefetched)."""
    newest_first = rows.order_by("-created_at", "-pk")
    return newest_first if limit is None else newest_first[:limit]


def claims_with_evidence() -> QuerySet[Claim]:
    """Claims with their evidence at hand (the workflow's guards count it)."""
    return Claim.objects.prefetch_related("evidence")


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


# --- Rows: `.values()` dicts of the columns a caller names (the API's shapes) ---


@cache
def _claim_values(columns: tuple[str, ...]) -> QuerySet:
    # Set up once per set of columns (resolving the columns and their joins is a good part
    # of the cost of a list request); callers filter a copy.
    return Claim.objects.values(*columns)


def claim_rows(columns: Sequence[str]) -> QuerySet:
    """Every claim as a row of `columns`; filter and order it."""
    return _claim_values(tuple(columns)).all()


@cache
def _claim_by_id(columns: tuple[str, ...]) -> RowsById:
    return RowsById(Claim, columns)


@cache
def _evidence_values(columns: tuple[str, ...]) -> QuerySet:
    return Evidence.objects.order_by("added_at", "id").values(*columns)


def claim_detail_row(
    pk: int, columns: Sequence[str], evidence_columns: Sequence[str]
) -> dict[str, Any] | None:
    """The claim's row of `columns` with "evidence": its evidence rows of
    `evidence_columns`, oldest first; None if there is no such claim. Two queries: joined,
    every evidence row repeated all the claim's columns (a 12 MB explanation times 100
    sources was 7.5 GB for one request). The claim's SQL is written once
    (claims.selectors.rawrows): the hottest read of the API."""
    rows = _claim_by_id(tuple(columns)).rows(pk)
    if not rows:
        return None
    row = rows[0]
    row["evidence"] = list(_evidence_values(tuple(evidence_columns)).filter(claim_id=pk))
    return row


def evidence_rows(claim_id: int, columns: Sequence[str]) -> QuerySet:
    return Evidence.objects.filter(claim_id=claim_id).order_by("added_at", "id").values(*columns)


def comments() -> QuerySet[Comment]:
    """Comments with their authors, oldest first (the claim page prefetches these)."""
    return Comment.objects.select_related("author")


def history() -> QuerySet[ClaimEvent]:
    """History rows with their actors, oldest first (the claim page prefetches these)."""
    return ClaimEvent.objects.select_related("actor")


def claim_comments(claim_id: int) -> QuerySet[Comment]:
    """The team's discussion of a claim, oldest first."""
    return comments().filter(claim_id=claim_id)


def claim_history(claim_id: int) -> QuerySet[ClaimEvent]:
    """A claim's append-only history, oldest first."""
    return history().filter(claim_id=claim_id)
