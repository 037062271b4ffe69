"""Benchmark of the statistics over a million claims on PostgreSQL.

    python bench/stats.py [--database-url postgres://postgres@127.0.0.1:5432/wt_i14_stats]
                          [--claims 1000000] [--reload] [--runs 5]

1. Migrates the database and, unless the claims are there already (or with --reload),
   bulk-loads them with generate_series inside PostgreSQL: 20,000 documents, the claims
   spread over the last 365 days, one `extracted` ClaimEvent per claim and the transitions
   of those that moved (selected, dismissed, submitted, published), one extraction job per
   document. Then VACUUM ANALYZE (as autovacuum would).
2. Measures, median of --runs after one warm-up: a `count(*)` over the claims (the
   baseline: the cheapest query that touches every row), `claim_stats` (the selectors) for
   the last 7, 30 and 90 days, and the statistics page itself (Django test client, an
   editor) for 90 days. Prints the times, the ratio to the baseline and the query counts,
   then EXPLAIN ANALYZE of the slowest query of the 90-day run.
3. With --export: streams the CSV export of every claim (/api/v1/claims/export/) and prints
   rows, size, time and how much the process's peak memory grew (a streamed export should
   not grow with the rows).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wt_i14_stats"
DOCUMENTS = 20_000

LOAD_SQL = [
    "TRUNCATE claims_webhookdelivery, claims_notification, claims_claimevent, claims_comment, "
    "claims_evidence, claims_matchsuggestion, claims_claim, claims_extractionjob, "
    "claims_document CASCADE",
    """
    INSERT INTO claims_document (id, title, url, publisher, author, kind, language, text,
                                 content_hash, created_at)
    SELECT g, 'Report ' || g, 'https://news.example.org/' || g,
           (ARRAY['The Daily Example','Hansard','Metro Wire','City Gazette','Radio North'])
               [1 + g %% 5],
           'Staff reporter', 'article', 'en', 'Document ' || g, md5('doc' || g) || md5(g::text),
           now() - (g %% 365) * interval '1 day'
    FROM generate_series(1, %(documents)s) g
    """,
    "SELECT setval(pg_get_serial_sequence('claims_document', 'id'), %(documents)s)",
    # Claims: created over 365 days; status by a hash of the id (70 % new, 15 % dismissed,
    # 6 % selected, 5 % researching, 1 % in review, 1 % approved, 2 % published).
    """
    INSERT INTO claims_claim (document_id, text, start, "end", speaker, speaker_resolved,
        claim_type, is_quote, score, reasons, entities, quantities, extractor_version,
        scorer_version, status, priority, verdict_summary, verdict_explanation, published_at,
        first_published_at, slug, version, created_at, updated_at, assignee_id, rating_id,
        due_at)
    SELECT 1 + g %% %(documents)s, 'Claim ' || g || ': unemployment fell by 3.9 percent.',
        g * 10, g * 10 + 9, s.name, s.name, 'quantity', false, (g %% 100) / 100.0, '[]', '[]',
        '[]', 'bench', 'rules', st.status, 2, '', '',
        CASE WHEN st.status = 'published' THEN c.created + interval '3 days' END,
        CASE WHEN st.status = 'published' THEN c.created + interval '3 days' END,
        '', 1, c.created, c.created,
        CASE WHEN st.status IN ('selected','researching','in_review','approved','published')
             THEN (SELECT min(id) FROM auth_user) END,
        CASE WHEN st.status = 'published'
             THEN (SELECT id FROM claims_rating ORDER BY value LIMIT 1 OFFSET g %% 7) END,
        CASE WHEN st.status IN ('selected','researching') THEN c.created + interval '20 days'
        END
    FROM generate_series(1, %(claims)s) g
    CROSS JOIN LATERAL (SELECT now() - (g %% 365) * interval '1 day'
                               - (g %% 86400) * interval '1 second' AS created) c
    CROSS JOIN LATERAL (SELECT (ARRAY['Jane Smith','Ahmed Khan','Maria Lopez','Tom Becker',
                               'Priya Patel','Chen Wei','Sofia Rossi',''])[1 + g %% 8] AS name) s
    CROSS JOIN LATERAL (SELECT CASE
        WHEN g %% 100 < 70 THEN 'new' WHEN g %% 100 < 85 THEN 'dismissed'
        WHEN g %% 100 < 91 THEN 'selected' WHEN g %% 100 < 96 THEN 'researching'
        WHEN g %% 100 < 97 THEN 'in_review' WHEN g %% 100 < 98 THEN 'approved'
        ELSE 'published' END AS status) st
    """,
    """
    INSERT INTO claims_claimevent (claim_id, action, from_status, to_status, note, data,
                                   created_at)
    SELECT id, 'extracted', '', 'new', '', '{}', created_at FROM claims_claim
    """,
    # Triage: every claim that left "new", a few hours after extraction.
    """
    INSERT INTO claims_claimevent (claim_id, action, from_status, to_status, note, data,
                                   created_at)
    SELECT id, 'transition', 'new',
           CASE WHEN status = 'dismissed' THEN 'dismissed' ELSE 'selected' END, '', '{}',
           created_at + (1 + id % 48) * interval '1 hour'
    FROM claims_claim WHERE status <> 'new'
    """,
    """
    INSERT INTO claims_claimevent (claim_id, action, from_status, to_status, note, data,
                                   created_at)
    SELECT id, 'transition', 'researching', 'in_review', '', '{}',
           created_at + interval '2 days'
    FROM claims_claim WHERE status IN ('in_review', 'approved', 'published')
    """,
    """
    INSERT INTO claims_claimevent (claim_id, action, from_status, to_status, note, data,
                                   created_at)
    SELECT id, 'transition', 'approved', 'published', '', '{}', published_at
    FROM claims_claim WHERE status = 'published'
    """,
    """
    INSERT INTO claims_extractionjob (document_id, status, extractor_version, progress_done,
        progress_total, attempts, error, sentences, claims_found, claims_created, task_id,
        created_at, started_at, finished_at)
    SELECT id, CASE WHEN id % 50 = 0 THEN 'failed' ELSE 'succeeded' END, 'bench', 0, 0, 1,
           '', 0, 0, 0, '', created_at, created_at, created_at + (id % 40) * interval '1 second'
    FROM claims_document
    """,
    # As autovacuum would: statistics for the planner, and the visibility map that lets an
    # index answer a count without visiting the table.
    "VACUUM ANALYZE",
]


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(claims: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    get_user_model().objects.get_or_create(username="bench-editor")
    params = {"documents": DOCUMENTS, "claims": claims}
    with connection.cursor() as cursor:
        for sql in LOAD_SQL:
            started = time.perf_counter()
            cursor.execute(sql, params if "%(" in sql else None)
            print(
                f"  {sql.split()[0]} {sql.split()[2][:28]:28} {time.perf_counter() - started:6.1f}s"
            )


def timed(function, runs: int) -> tuple[float, int, list]:
    """Median seconds of `runs` calls after a warm-up, the query count and the queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries.captured_queries), queries.captured_queries


def main() -> None:
    parser = argparse.ArgumentParser(description="The statistics over a million claims.")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--export", action="store_true", help="also time the CSV export")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("The statistics benchmark runs on PostgreSQL: give --database-url.")
    setup(args.database_url)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    from claims.models import Claim
    from claims.roles import EDITORS_GROUP
    from claims.stats import claim_stats, stats_filter_for_days

    if args.reload or Claim.objects.count() != args.claims:
        print(f"loading {args.claims:,} claims...", flush=True)
        load(args.claims)
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))

    def count_all():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM claims_claim")
            cursor.fetchone()

    baseline, _, _ = timed(count_all, args.runs)
    print(f"\nclaims: {Claim.objects.count():,}; baseline count(*): {baseline * 1000:.0f} ms")
    slowest = []
    for days in (7, 30, 90):
        seconds, queries, captured = timed(
            lambda days=days: claim_stats(stats_filter_for_days(days)), args.runs
        )
        slowest = captured
        print(
            f"claim_stats {days:>2} days: {seconds * 1000:7.0f} ms  "
            f"{seconds / baseline:5.1f}x count(*)  {queries} queries"
        )
    client = Client(SERVER_NAME="127.0.0.1")  # a host ALLOWED_HOSTS has by default
    client.force_login(editor)
    seconds, queries, _ = timed(lambda: client.get("/stats/?days=90"), args.runs)
    print(
        f"page /stats/?days=90: {seconds * 1000:7.0f} ms  {seconds / baseline:5.1f}x count(*)"
        f"  {queries} queries"
    )
    print("\nthe 90-day run's queries:")
    for query in slowest:
        print(f"  {float(query['time']) * 1000:6.0f} ms  {query['sql'][:100]}")
    worst = max(slowest, key=lambda q: float(q["time"]))
    print(f"\nslowest query of the 90-day run ({float(worst['time']) * 1000:.0f} ms):")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + worst["sql"])
        print("\n".join(row[0] for row in cursor.fetchall()))
    if args.export:
        export(client)


def export(client) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    response = client.get("/api/v1/claims/export/?format=csv")
    lines = size = 0
    for chunk in response.streaming_content:
        lines += 1
        size += len(chunk)
    seconds = time.perf_counter() - started
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - peak
    print(
        f"\nexport: {lines - 1:,} claims, {size / 1e6:.0f} MB of CSV in {seconds:.1f}s; "
        f"peak memory grew {grown:.0f} MB"
    )


if __name__ == "__main__":
    main()
