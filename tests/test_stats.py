"""The statistics selectors against a fixture with explicit timestamps: known counts, medians
and percentiles, empty and one-claim periods, the filters, and a fixed query count."""

from datetime import UTC, datetime, timedelta

import pytest

from claims.aggregates import interpolated_percentile
from claims.models import ClaimEvent, ExtractionJob, JobStatus, Speaker
from claims.stats import StatsFilter, claim_stats, stats_filter_for_days
from tests.factories import ClaimFactory, DocumentFactory, rating

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def at(day: int, hour: int = 9) -> datetime:
    """A time in November 2026."""
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def move(claim, source, target, when, actor=None):
    ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        action="transition",
        from_status=source,
        to_status=target,
        created_at=when,
    )


def november(**filters) -> StatsFilter:
    return StatsFilter(start=at(1, 0), end=at(30, 0) + DAY, **filters)


@pytest.fixture
def newsroom(researcher, researcher2):
    """Three claims found on 2 November, selected 1, 2 and 4 hours later; two submitted and
    published; one dismissed on 3 November; one claim by another source in October."""
    biden = Speaker.objects.create(name="Joe Biden", name_key="joe biden")
    claims = [
        ClaimFactory(created_at=at(2), speaker_resolved="Joe Biden", speaker_ref=biden)
        for _ in range(3)
    ]
    for claim, hours in zip(claims, (1, 2, 4), strict=True):
        move(claim, "new", "selected", at(2) + hours * HOUR)
    first, second, third = claims
    for claim, submitted, published, slug in (
        (first, at(5), at(10), "false"),
        (second, at(6), at(12), "true"),
    ):
        move(claim, "researching", "in_review", submitted)
        move(claim, "approved", "published", published)
        claim.status, claim.published_at, claim.rating = "published", published, rating(slug)
        claim.save()
    third.status, third.assignee, third.due_at = "researching", researcher, at(30, 18)
    third.save()
    dismissed = ClaimFactory(created_at=at(3), status="dismissed", speaker_resolved="Someone")
    move(dismissed, "new", "dismissed", at(3, 10))
    ClaimFactory(created_at=at(28, 9) - 40 * DAY, document=DocumentFactory(publisher="Other"))
    document = first.document
    for day, status, seconds in ((2, JobStatus.SUCCEEDED, 30), (4, JobStatus.FAILED, 10)):
        ExtractionJob.objects.create(
            document=document,
            status=status,
            created_at=at(day),
            started_at=at(day),
            finished_at=at(day) + timedelta(seconds=seconds),
        )
    return {"claims": claims, "dismissed": dismissed, "biden": biden}


def test_counts_per_day_and_week(newsroom):
    stats = claim_stats(november(), now=NOW)
    assert stats["period"]["days"] == 30
    assert stats["totals"] == {"found": 4, "selected": 3, "dismissed": 1, "published": 2}
    by_day = {row["date"].day: row for row in stats["days"]}
    assert by_day[2]["found"] == 3 and by_day[2]["selected"] == 3
    assert by_day[3] == {
        "date": at(3).date(),
        "found": 1,
        "selected": 0,
        "dismissed": 1,
        "published": 0,
    }
    assert by_day[10]["published"] == 1 and by_day[12]["published"] == 1
    weeks = {row["week"].isoformat(): row["published"] for row in stats["weeks"]}
    assert weeks["2026-11-09"] == 2 and sum(weeks.values()) == 2


def test_median_and_90th_percentile_times_from_extraction(newsroom):
    timings = {row["step"]: row for row in claim_stats(november(), now=NOW)["timings"]}
    # Selected after 1, 2 and 4 hours: median 2, p90 = 2 + 0.8 * (4 - 2) = 3.6.
    assert timings["selection"] == {
        "step": "selection",
        "count": 3,
        "median_hours": 2.0,
        "p90_hours": 3.6,
    }
    # Submitted after 3 and 4 days (72, 96 hours): median 84, p90 93.6.
    assert timings["submission"]["median_hours"] == 84.0
    assert timings["submission"]["p90_hours"] == 93.6
    assert timings["publication"]["count"] == 2
    assert timings["publication"]["median_hours"] == (8 * 24 + 10 * 24) / 2


def test_verdict_mix_work_in_progress_speakers_and_jobs(newsroom, researcher):
    stats = claim_stats(november(), now=NOW)
    verdicts = {row["slug"]: row["count"] for row in stats["verdicts"]}
    assert verdicts["false"] == 1 and verdicts["true"] == 1 and verdicts["misleading"] == 0
    assert len(verdicts) == 7
    assert stats["in_progress"] == [{"researcher": "rita", "in_progress": 1, "overdue": 0}]
    late = claim_stats(november(), now=at(30, 20))
    assert late["overdue"] == 1 and late["in_progress"][0]["overdue"] == 1
    assert stats["top_speakers_published"] == [{"speaker": "Joe Biden", "count": 2}]
    assert stats["top_speakers_false"] == [{"speaker": "Joe Biden", "count": 1}]
    assert stats["jobs"] == {"count": 2, "failed": 1, "median_seconds": 20.0}


def test_an_empty_period_counts_nothing(newsroom):
    stats = claim_stats(StatsFilter(start=at(20, 0), end=at(27, 0)), now=NOW)
    assert stats["period"]["days"] == 7
    assert stats["totals"] == {"found": 0, "selected": 0, "dismissed": 0, "published": 0}
    assert all(row["median_hours"] is None and row["count"] == 0 for row in stats["timings"])
    assert {row["count"] for row in stats["verdicts"]} == {0}
    assert stats["top_speakers_published"] == [] and stats["top_speakers_false"] == []
    assert stats["jobs"] == {"count": 0, "failed": 0, "median_seconds": None}
    # Work in progress is the state now, whatever the period.
    assert stats["in_progress"][0]["in_progress"] == 1


def test_a_one_claim_period(newsroom):
    stats = claim_stats(StatsFilter(start=at(3, 0), end=at(4, 0)), now=NOW)
    assert stats["totals"] == {"found": 1, "selected": 0, "dismissed": 1, "published": 0}
    single = ClaimFactory(created_at=at(15, 8))
    move(single, "new", "selected", at(15, 11))
    stats = claim_stats(StatsFilter(start=at(15, 0), end=at(16, 0)), now=NOW)
    selection = stats["timings"][0]
    assert selection["count"] == 1 and selection["median_hours"] == selection["p90_hours"] == 3


def test_filters_by_speaker_source_and_researcher(newsroom, researcher, researcher2):
    by_speaker = claim_stats(november(speaker_id=newsroom["biden"].pk), now=NOW)
    assert by_speaker["totals"]["found"] == 3 and by_speaker["totals"]["dismissed"] == 0
    other = claim_stats(november(source="Other"), now=NOW)
    assert other["totals"]["found"] == 0 and other["jobs"]["count"] == 0
    own = claim_stats(november(scope_user=researcher), now=NOW)
    assert own["totals"]["found"] == 1 and own["totals"]["selected"] == 1
    assert own["jobs"]["count"] == 0  # the documents were not added by rita
    assert claim_stats(november(scope_user=researcher2), now=NOW)["totals"]["found"] == 0


def test_the_last_n_days_end_today():
    f = stats_filter_for_days(7, now=NOW)
    assert f.end == at(30, 0) + DAY and f.start == at(24, 0) and len(f.days) == 7


def test_the_query_count_is_fixed(newsroom, django_assert_num_queries):
    with django_assert_num_queries(8):
        claim_stats(november(), now=NOW)
    for n in range(20):
        claim = ClaimFactory(created_at=at(5 + n % 10), speaker_resolved=f"Speaker {n}")
        move(claim, "new", "selected", at(15))
    with django_assert_num_queries(8):
        claim_stats(november(), now=NOW)


def test_interpolated_percentile_matches_postgres_percentile_cont():
    assert interpolated_percentile([], 0.5) is None
    assert interpolated_percentile([5.0], 0.9) == 5.0
    assert interpolated_percentile([1.0, 2.0, 4.0], 0.9) == pytest.approx(3.6)
