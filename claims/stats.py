"""The statistics an editor-in-chief asks for, computed from claims, their ClaimEvents and the
extraction jobs in a fixed number of aggregate queries (eight, whatever the data size): no
per-claim loop, so the page costs the same over a hundred claims or a million.

`claim_stats` answers one dict (the page, the API and the charts all read it). The period is
[start, end); a speaker (id) or a document source (publisher) narrows it; `scope_user` (see
`claims.reporting_rules.stats_scope`) limits it to the claims assigned to that user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Case, Count, Q, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from claims.aggregates import Percentile, SecondsBetween
from claims.models import Claim, ClaimEvent, EventAction, ExtractionJob, JobStatus, Rating
from claims.workflow import Status

PERIOD_CHOICES = (7, 30, 90)
MAX_PERIOD_DAYS = 366
TOP_SPEAKERS = 10
FALSE_RATING = "false"
IN_PROGRESS = (Status.SELECTED, Status.RESEARCHING, Status.IN_REVIEW)
# The steps whose time from extraction is measured: (name, from status, to status).
STEPS = (
    ("selection", Status.NEW, Status.SELECTED),
    ("submission", Status.RESEARCHING, Status.IN_REVIEW),
    ("publication", Status.APPROVED, Status.PUBLISHED),
)
COUNTED_TRANSITIONS = (Status.SELECTED, Status.DISMISSED, Status.PUBLISHED)


@dataclass(frozen=True)
class StatsFilter:
    start: datetime
    end: datetime
    speaker_id: int | None = None
    source: str = ""
    scope_user: Any = None

    def claims(self, prefix: str = "") -> Q:
        """The claims this filter keeps, as a Q on `prefix` (e.g. "claim__" from events)."""
        q = Q()
        if self.speaker_id is not None:
            q &= Q(**{f"{prefix}speaker_ref_id": self.speaker_id})
        if self.source:
            q &= Q(**{f"{prefix}document__publisher": self.source})
        if self.scope_user is not None:
            q &= Q(**{f"{prefix}assignee": self.scope_user})
        return q

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.start).date()

    @property
    def days(self) -> list[date]:
        last = timezone.localtime(self.end - timedelta(microseconds=1)).date()
        count = (last - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(max(count, 0))]


def stats_filter_for_days(days: int, *, now: datetime | None = None, **filters: Any) -> StatsFilter:
    """The last `days` whole days up to now (today included)."""
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    end = today + timedelta(days=1)
    return StatsFilter(start=end - timedelta(days=days), end=end, **filters)


def claim_stats(f: StatsFilter, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    days = _daily_counts(f)
    weeks: dict[date, int] = {}
    for row in days:
        monday = row["date"] - timedelta(days=row["date"].weekday())
        weeks[monday] = weeks.get(monday, 0) + row["published"]
    in_progress = _in_progress(f, now)
    return {
        "period": {"start": f.start, "end": f.end, "days": len(days)},
        "totals": {
            key: sum(row[key] for row in days)
            for key in ("found", "selected", "dismissed", "published")
        },
        "days": days,
        "weeks": [{"week": week, "published": n} for week, n in weeks.items()],
        "timings": _timings(f),
        "verdicts": _verdict_mix(f),
        "in_progress": in_progress,
        "overdue": sum(row["overdue"] for row in in_progress),
        **_top_speakers(f),
        "jobs": _jobs(f),
    }


def _daily_counts(f: StatsFilter) -> list[dict[str, Any]]:
    """Claims found, selected, dismissed and published on each day (zeros included): two
    queries, claims by creation day and transitions by day and target status."""
    found = dict(
        Claim.objects.filter(f.claims(), created_at__gte=f.start, created_at__lt=f.end)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("*"))  # COUNT(*): the created_at index alone can answer it
        .order_by()
    )
    moved: dict[tuple[date, str], int] = {
        (day, to): n
        for day, to, n in ClaimEvent.objects.filter(
            f.claims("claim__"),
            action=EventAction.TRANSITION,
            created_at__gte=f.start,
            created_at__lt=f.end,
            to_status__in=COUNTED_TRANSITIONS,
        )
        .annotate(day=TruncDate("created_at"))
        .values_list("day", "to_status")
        .annotate(n=Count("id"))
        .order_by()
    }
    return [
        {
            "date": day,
            "found": found.get(day, 0),
            "selected": moved.get((day, Status.SELECTED), 0),
            "dismissed": moved.get((day, Status.DISMISSED), 0),
            "published": moved.get((day, Status.PUBLISHED), 0),
        }
        for day in f.days
    ]


def _timings(f: StatsFilter) -> list[dict[str, Any]]:
    """Median and 90th percentile hours from extraction (the claim's creation) to each step
    taken in the period, in one query."""
    step = Q()
    for _name, source, target in STEPS:
        step |= Q(from_status=source, to_status=target)
    seconds = SecondsBetween("claim__created_at", "created_at")
    rows = {
        row["to_status"]: row
        for row in ClaimEvent.objects.filter(
            step,
            f.claims("claim__"),
            action=EventAction.TRANSITION,
            created_at__gte=f.start,
            created_at__lt=f.end,
        )
        .values("to_status")
        .annotate(n=Count("id"), median=Percentile(seconds, 0.5), p90=Percentile(seconds, 0.9))
        .order_by()
    }
    answer = []
    for name, _source, target in STEPS:
        row = rows.get(target, {})
        answer.append(
            {
                "step": name,
                "count": row.get("n", 0),
                "median_hours": _hours(row.get("median")),
                "p90_hours": _hours(row.get("p90")),
            }
        )
    return answer


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def _published_in(f: StatsFilter, prefix: str = "") -> Q:
    return f.claims(prefix) & Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__gte": f.start,
            f"{prefix}published_at__lt": f.end,
        }
    )


def _verdict_mix(f: StatsFilter) -> list[dict[str, Any]]:
    """Every rating (zeros included) with its number of claims published in the period."""
    rows = Rating.objects.annotate(n=Count("claims", filter=_published_in(f, "claims__")))
    return [
        {"rating": name, "slug": slug, "value": value, "count": n}
        for name, slug, value, n in rows.values_list("name", "slug", "value", "n").order_by(
            "-value"
        )
    ]


def _in_progress(f: StatsFilter, now: datetime) -> list[dict[str, Any]]:
    """Claims being worked on now (selected, researching, in review) per assignee, and how
    many of them are past their due date. The current state: not bound to the period."""
    rows = (
        Claim.objects.filter(f.claims(), status__in=IN_PROGRESS)
        .values_list("assignee__username")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
        .order_by("-n", "assignee__username")
    )
    return [
        {"researcher": username or "(unassigned)", "in_progress": n, "overdue": overdue}
        for username, n, overdue in rows
    ]


def _top_speakers(f: StatsFilter) -> dict[str, list[dict[str, Any]]]:
    """The speakers with most fact-checks published in the period, and with most published
    as False: two queries, ten rows each."""
    published = Claim.objects.filter(_published_in(f)).exclude(speaker_resolved="")
    by_speaker = published.values("speaker_resolved").order_by()
    most = by_speaker.annotate(n=Count("id")).order_by("-n", "speaker_resolved")
    false = (
        by_speaker.filter(rating__slug=FALSE_RATING)
        .annotate(n=Count("id"))
        .order_by("-n", "speaker_resolved")
    )
    return {
        key: [{"speaker": row["speaker_resolved"], "count": row["n"]} for row in rows]
        for key, rows in (
            ("top_speakers_published", most[:TOP_SPEAKERS]),
            ("top_speakers_false", false[:TOP_SPEAKERS]),
        )
    }


def _jobs(f: StatsFilter) -> dict[str, Any]:
    """Extraction jobs created in the period: how many, how many failed, median seconds."""
    q = Q(created_at__gte=f.start, created_at__lt=f.end)
    if f.source:
        q &= Q(document__publisher=f.source)
    if f.scope_user is not None:
        q &= Q(document__created_by=f.scope_user)
    finished = Q(started_at__isnull=False, finished_at__isnull=False)
    seconds = SecondsBetween("started_at", "finished_at")
    row = ExtractionJob.objects.filter(q).aggregate(
        count=Count("id"),
        failed=Count("id", filter=Q(status=JobStatus.FAILED)),
        median=Percentile(Case(When(finished, then=seconds)), 0.5),
    )
    median = row["median"]
    return {
        "count": row["count"],
        "failed": row["failed"],
        "median_seconds": None if median is None else round(median, 2),
    }
