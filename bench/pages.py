"""The editor pages at volume, in-process on PostgreSQL: the triage page, a document page and
a claim page, each against a raw-SQL read of the rows it shows, interleaved.

    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/pages \\
        [--claims 1000] [--documents 5] [--rounds 40]

Migrates the database and fills it with bench/load_claims.py (its claims and documents are
replaced). Each round requests each page once as a logged-in editor (Django's test client,
the whole middleware stack and template) and runs its baseline once: the same claims read
with one SQL query through `connection.cursor()`. Prints the median milliseconds of each,
their ratio, and each page's query count, which should not grow with --claims.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BASELINE_SQL = """
    SELECT c.id, c.text, c.score, c.status, c.speaker, d.title
    FROM claims_claim c JOIN claims_document d ON d.id = c.document_id
    WHERE {where} ORDER BY {order} LIMIT 50
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url (or DATABASE_URL) must name a PostgreSQL database")
    return args


def main() -> None:
    args = parse_args()
    os.environ.update(DATABASE_URL=args.database_url, LOG_LEVEL="WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.load_claims import load
    from claims.models import Claim, Document
    from claims.roles import EDITORS_GROUP

    call_command("migrate", verbosity=0)
    call_command("setup_roles", verbosity=0)
    load(args.database_url, args.documents, args.claims)
    editor, _ = get_user_model().objects.get_or_create(username="bench-pages-editor")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    document = Document.objects.order_by("pk").first()
    claim = Claim.objects.filter(document=document).order_by("-score").first()

    pages = {
        "triage (any status)": (
            "/triage/?status=",
            BASELINE_SQL.format(where="TRUE", order="c.score DESC, c.id DESC"),
        ),
        f"document page ({document.claims.count()} claims)": (
            document.get_absolute_url(),
            BASELINE_SQL.format(where=f"c.document_id = {document.pk}", order="c.start"),
        ),
        "claim page": (
            claim.get_absolute_url(),
            BASELINE_SQL.format(where=f"c.id = {claim.pk}", order="c.id"),
        ),
    }
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in pages}
    queries: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, (url, sql) in pages.items():
            page_times, raw_times = times[name]
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            page_times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries[name] = len(captured)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql)
                cursor.fetchall()
            raw_times.append(time.perf_counter() - started)

    print(f"{args.claims:,} claims in {args.documents} documents, {args.rounds} rounds")
    for name, (page_times, raw_times) in times.items():
        page, raw = statistics.median(page_times) * 1000, statistics.median(raw_times) * 1000
        print(
            f"  {name:32} {page:7.1f} ms  (raw SQL {raw:5.2f} ms, ratio {page / raw:5.0f}x)"
            f"  {queries[name]} queries"
        )


if __name__ == "__main__":
    main()
