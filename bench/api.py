"""Benchmark of the JSON API against raw SQL, over a million claims.

    python bench/api.py [--database-url postgres://postgres@127.0.0.1:5432/factcheck_bench]
                        [--requests 150] [--max-seconds 300] [--reload]

1. Creates and migrates the database if needed and bulk-loads 1,000,000 claims over 20,000
   documents with COPY (bench/load_claims.py) unless they are already there.
2. Serves this module's `application` with gunicorn on loopback: the Django app, plus a
   minimal WSGI baseline under /raw/ in the same server process that runs the equivalent
   SQL through psycopg (token check, role check, the page) and returns the same JSON.
3. Interleaves the variants request by request (API, raw, API, raw...) and prints the
   median and p90 of each, the ratio API/raw, the query counts for page sizes 5 and 50, and
   EXPLAIN ANALYZE of the API's own queries to show the indexes used.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_bench"
SEARCH_TERM = "inflation"
DEEP_ROWS = 5000
PAGE_SIZE = 25

# --- The baseline: raw SQL through psycopg, same JSON ---

TOKEN_SQL = """
SELECT u.id FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id
WHERE t.key = %s AND u.is_active
"""
ROLE_SQL = """
SELECT u.is_superuser OR EXISTS (
  SELECT 1 FROM auth_user_groups ug
  JOIN auth_group_permissions gp ON gp.group_id = ug.group_id
  JOIN auth_permission p ON p.id = gp.permission_id
  JOIN django_content_type ct ON ct.id = p.content_type_id
  WHERE ug.user_id = u.id AND ct.app_label = 'claims'
    AND p.codename IN ('change_claim', 'review_claim'))
FROM auth_user u WHERE u.id = %s
"""
LIST_SQL = """
SELECT c.id, c.text, c.speaker, c.speaker_resolved, c.claim_type, c.is_quote, c.score,
       c.status, c.priority, c.due_at, c.version, c.created_at, c.updated_at, c.published_at,
       c.document_id, d.title, c.assignee_id, u.username, c.rating_id, r.name, r.slug, r.value
FROM claims_claim c
JOIN claims_document d ON d.id = c.document_id
LEFT JOIN auth_user u ON u.id = c.assignee_id
LEFT JOIN claims_rating r ON r.id = c.rating_id
WHERE c.status = %(status)s {search} {after}
ORDER BY c.score DESC, c.id DESC
LIMIT %(limit)s
"""
SEARCH_SQL = (
    "AND (setweight(to_tsvector('english'::regconfig, COALESCE(c.text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(c.speaker_resolved, '')), 'B')) "
    "@@ websearch_to_tsquery('english'::regconfig, %(q)s)"
)
AFTER_SQL = "AND c.score <= %(score)s AND (c.score < %(score)s OR c.id < %(id)s)"
DETAIL_SQL = """
SELECT c.id, c.text, c.start, c."end", c.speaker, c.speaker_resolved, c.claim_type, c.is_quote,
       c.score, c.reasons, c.entities, c.quantities, c.extractor_version, c.job_id, c.status,
       c.priority, c.due_at, c.version, c.created_at, c.updated_at, c.published_at,
       c.first_published_at, c.slug, c.verdict_summary, c.verdict_explanation,
       c.duplicate_of_id, d.id, d.title, d.url, d.publisher, d.author, d.published_at, d.kind,
       a.id, a.username, s.id, s.username, r.id, r.name, r.slug, r.value
FROM claims_claim c
JOIN claims_document d ON d.id = c.document_id
LEFT JOIN auth_user a ON a.id = c.assignee_id
LEFT JOIN auth_user s ON s.id = c.submitted_by_id
LEFT JOIN claims_rating r ON r.id = c.rating_id
WHERE c.id = %s
"""
EVIDENCE_SQL = """
SELECT e.id, e.url, e.title, e.publisher, e.excerpt, e.stance, u.id, u.username, e.added_at
FROM claims_evidence e LEFT JOIN auth_user u ON u.id = e.added_by_id
WHERE e.claim_id = %s ORDER BY e.added_at, e.id
"""

_raw_connection = None


def _db():
    global _raw_connection
    if _raw_connection is None or _raw_connection.closed:
        import psycopg

        _raw_connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _raw_connection


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _ref(pk, username):
    return None if pk is None else {"id": pk, "username": username}


def _answer(start_response, status: str, body) -> list[bytes]:
    data = json.dumps(body, separators=(",", ":")).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]


def _cursor(score: float, pk: int) -> str:
    raw = json.dumps({"o": "-score", "v": score, "id": pk, "r": 0}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def raw_application(environ, start_response):
    """/raw/claims/?status=...&q=...&cursor=... and /raw/claims/<id>/."""
    db = _db()
    header = environ.get("HTTP_AUTHORIZATION", "")
    token = header[6:] if header.startswith("Token ") else ""
    user = db.execute(TOKEN_SQL, (token,)).fetchone()
    if user is None:
        return _answer(start_response, "401 Unauthorized", {"detail": "Invalid token."})
    if not db.execute(ROLE_SQL, (user[0],)).fetchone()[0]:
        return _answer(start_response, "403 Forbidden", {"detail": "Not on the team."})
    path = environ["PATH_INFO"][len("/raw/claims/") :].strip("/")
    if path:
        return _raw_detail(db, int(path), start_response)
    query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    params = {"status": query.get("status", "new"), "limit": PAGE_SIZE + 1}
    search = after = ""
    if query.get("q"):
        search, params["q"] = SEARCH_SQL, query["q"]
    if query.get("cursor"):
        raw = query["cursor"]
        position = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        after, params["score"], params["id"] = AFTER_SQL, position["v"], position["id"]
    rows = db.execute(LIST_SQL.format(search=search, after=after), params).fetchall()
    more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    results = [
        {
            "id": r[0],
            "text": r[1],
            "speaker": r[2],
            "speaker_resolved": r[3],
            "claim_type": r[4],
            "is_quote": r[5],
            "score": r[6],
            "status": r[7],
            "priority": r[8],
            "due_at": _iso(r[9]),
            "version": r[10],
            "created_at": _iso(r[11]),
            "updated_at": _iso(r[12]),
            "published_at": _iso(r[13]),
            "document": {"id": r[14], "title": r[15]},
            "assignee": _ref(r[16], r[17]),
            "rating": None
            if r[18] is None
            else {"id": r[18], "name": r[19], "slug": r[20], "value": r[21]},
        }
        for r in rows
    ]
    next_link = None
    if more:
        next_query = {**query, "cursor": _cursor(rows[-1][6], rows[-1][0])}
        next_link = f"http://{environ['HTTP_HOST']}/raw/claims/?{urlencode(next_query)}"
    previous = None if not query.get("cursor") else next_link
    return _answer(
        start_response, "200 OK", {"next": next_link, "previous": previous, "results": results}
    )


def _raw_detail(db, pk: int, start_response):
    r = db.execute(DETAIL_SQL, (pk,)).fetchone()
    if r is None:
        return _answer(start_response, "404 Not Found", {"detail": "Not found."})
    evidence = [
        {
            "id": e[0],
            "url": e[1],
            "title": e[2],
            "publisher": e[3],
            "excerpt": e[4],
            "stance": e[5],
            "added_by": _ref(e[6], e[7]),
            "added_at": _iso(e[8]),
        }
        for e in db.execute(EVIDENCE_SQL, (pk,)).fetchall()
    ]
    body = {
        "id": r[0],
        "text": r[1],
        "start": r[2],
        "end": r[3],
        "speaker": r[4],
        "speaker_resolved": r[5],
        "claim_type": r[6],
        "is_quote": r[7],
        "score": r[8],
        "reasons": r[9],
        "entities": r[10],
        "quantities": r[11],
        "extractor_version": r[12],
        "job": r[13],
        "status": r[14],
        "priority": r[15],
        "due_at": _iso(r[16]),
        "version": r[17],
        "created_at": _iso(r[18]),
        "updated_at": _iso(r[19]),
        "published_at": _iso(r[20]),
        "first_published_at": _iso(r[21]),
        "slug": r[22],
        "verdict_summary": r[23],
        "verdict_explanation": r[24],
        "duplicate_of": r[25],
        "document": {
            "id": r[26],
            "title": r[27],
            "url": r[28],
            "publisher": r[29],
            "author": r[30],
            "published_at": _iso(r[31]),
            "kind": r[32],
        },
        "assignee": _ref(r[33], r[34]),
        "submitted_by": _ref(r[35], r[36]),
        "rating": None
        if r[37] is None
        else {"id": r[37], "name": r[38], "slug": r[39], "value": r[40]},
        "evidence": evidence,
    }
    return _answer(start_response, "200 OK", body)


_django_application = None


def application(environ, start_response):
    """The server under test: Django, with the raw baseline mounted at /raw/."""
    global _django_application
    if environ.get("PATH_INFO", "").startswith("/raw/"):
        return raw_application(environ, start_response)
    if _django_application is None:
        from django.core.wsgi import get_wsgi_application

        _django_application = get_wsgi_application()
    return _django_application(environ, start_response)


# --- The run ---


def _prepare(url: str, reload: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    with psycopg.connect(url) as conn:
        claims = conn.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = 'claims_claim'"
        ).fetchone()[0]
    if reload or claims < 900_000:
        from bench.load_claims import load

        load(url, 20_000, 1_000_000)


def _setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from claims.models import Claim, Evidence
    from claims.roles import EDITORS_GROUP

    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    token, _ = Token.objects.get_or_create(user=user)
    claim = Claim.objects.filter(status="researching").order_by("id").first()
    if not claim.evidence.exists():
        # Written directly: a fixture for the benchmark, not application behaviour.
        Evidence.objects.bulk_create(
            Evidence(
                claim=claim,
                url=f"https://stats.example.org/{i}",
                title="Statistics",
                publisher="Statistics Office",
                excerpt="3.7 percent",
                stance="refutes",
                added_by=user,
            )
            for i in range(3)
        )
    deep = (
        Claim.objects.filter(status="new")
        .order_by("-score", "-id")
        .values_list("score", "id")[DEEP_ROWS - 1]
    )
    return token.key, claim.pk, _cursor(*deep)


def _request(port: int, path: str, token: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Token {token}"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {body[:300]!r}")
    return elapsed


def _query_counts(token: str, detail_id: int) -> dict[str, tuple[int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    counts = {}
    for label, url in [
        ("list", "/api/v1/claims/?status=new&ordering=-score&page_size={n}"),
        ("search", f"/api/v1/claims/?status=new&ordering=-score&q={SEARCH_TERM}&page_size={{n}}"),
    ]:
        pair = []
        for n in (5, 50):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url.format(n=n)).status_code == 200
            pair.append(len(queries))
        counts[label] = tuple(pair)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/claims/{detail_id}/").status_code == 200
    counts["detail"] = (len(queries), len(queries))
    return counts


def _explain(token: str, paths: dict[str, str]) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    for label, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        sql = [q["sql"] for q in queries if "claims_claim" in q["sql"]][0]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        print(f"\nEXPLAIN {label}: {path}")
        for line in plan:
            if any(
                word in line
                for word in (
                    "Scan",
                    "Index",
                    "Sort",
                    "Limit",
                    "Join",
                    "Loop",
                    "Execution",
                    "Heap",
                    "Filter",
                )
            ):
                print("   ", line[:150])


def main() -> None:
    parser = argparse.ArgumentParser(description="API vs raw SQL over a million claims.")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=150, help="per variant and side")
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--reload", action="store_true", help="load the claims again")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL.")

    _prepare(args.database_url, args.reload)
    token, detail_id, deep_cursor = _setup_django(args.database_url)
    base = "?status=new&ordering=-score"
    variants = {
        "list, first page": (f"/api/v1/claims/{base}", f"/raw/claims/{base}"),
        f"list, {DEEP_ROWS:,} rows deep": (
            f"/api/v1/claims/{base}&cursor={deep_cursor}",
            f"/raw/claims/{base}&cursor={deep_cursor}",
        ),
        f"list, q={SEARCH_TERM}": (
            f"/api/v1/claims/{base}&q={SEARCH_TERM}",
            f"/raw/claims/{base}&q={SEARCH_TERM}",
        ),
        "detail": (f"/api/v1/claims/{detail_id}/", f"/raw/claims/{detail_id}/"),
    }
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DEBUG": "",
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bench.api:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _request(args.port, variants["detail"][1], token)
                break
            except (OSError, RuntimeError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        for api_path, raw_path in variants.values():  # warm up both sides
            for _ in range(10):
                _request(args.port, api_path, token)
                _request(args.port, raw_path, token)

        times = {label: ([], []) for label in variants}
        stop = time.monotonic() + args.max_seconds
        for i in range(args.requests):
            if time.monotonic() > stop:
                print(f"(time budget reached after {i} rounds)")
                break
            for label, (api_path, raw_path) in variants.items():
                order = [(0, api_path), (1, raw_path)]
                for side, path in order if i % 2 == 0 else reversed(order):
                    times[label][side].append(_request(args.port, path, token))
    finally:
        server.terminate()
        server.wait(timeout=15)

    print(
        f"\n{'variant':28} {'API median':>11} {'p90':>8} {'raw median':>11} {'p90':>8}"
        f" {'ratio':>6}   (ms; {len(times['detail'][0])} requests each)"
    )
    for label, (api, raw) in times.items():
        a50, a90 = statistics.median(api), statistics.quantiles(api, n=10)[-1]
        r50, r90 = statistics.median(raw), statistics.quantiles(raw, n=10)[-1]
        print(
            f"{label:28} {a50 * 1000:11.2f} {a90 * 1000:8.2f} {r50 * 1000:11.2f}"
            f" {r90 * 1000:8.2f} {a50 / r50:6.2f}x"
        )

    print("\nQueries per API request (page size 5 / 50):")
    for label, (small, large) in _query_counts(token, detail_id).items():
        print(f"    {label:8} {small} / {large}")
    _explain(token, {label: paths[0] for label, paths in variants.items()})


if __name__ == "__main__":
    main()
