"""Bulk-load documents and claims into a PostgreSQL database with COPY, for the API benchmark.

    python bench/load_claims.py postgres://postgres@127.0.0.1:5432/factcheck_bench \
        --documents 20000 --claims 1000000

The database must exist and be migrated (bench/api.py does both). Existing claims and
documents are removed first. The search index is dropped during the load and rebuilt after
(faster than maintaining it row by row), then the tables are analyzed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SUBJECTS = [
    "unemployment",
    "inflation",
    "crime",
    "immigration",
    "the deficit",
    "house prices",
    "hospital waiting lists",
    "child poverty",
    "energy bills",
    "school funding",
    "wages",
    "rail fares",
    "emissions",
    "the national debt",
    "exports",
    "police numbers",
    "rents",
    "vaccination rates",
    "bus services",
    "tax receipts",
]
VERBS = ["fell", "rose", "doubled", "halved", "grew", "dropped", "climbed", "collapsed"]
AMOUNTS = [
    "by 3.9 percent",
    "to a record high",
    "by £2 billion",
    "by a third",
    "to 1.2 million",
    "by 40,000",
    "to its lowest level since 1969",
    "by 12 percent",
    "faster than anywhere",
]
WHEN = [
    "last year",
    "since 2010",
    "in 2019",
    "over the past decade",
    "this spring",
    "under the last government",
    "in the first quarter",
    "since the election",
]
SPEAKERS = [
    "Jane Smith",
    "Ahmed Khan",
    "Maria Lopez",
    "Tom Becker",
    "Priya Patel",
    "Liam O'Brien",
    "Chen Wei",
    "Sofia Rossi",
    "the minister",
    "the mayor",
    "a spokesperson",
    "",
]
TYPES = ["quantity", "comparison", "event", "causal", "prediction", "rule", "personal", "other"]
PUBLISHERS = ["The Daily Example", "Hansard", "Metro Wire", "City Gazette", "Radio North"]
KINDS = ["article", "transcript", "statement", "social_post"]
# Most claims wait in triage; a few travel the workflow.
STATUSES = (
    ["new"] * 70
    + ["dismissed"] * 15
    + ["selected"] * 6
    + ["researching"] * 5
    + ["in_review", "approved", "published", "published"]
)

CLAIM_COLUMNS = (
    "document_id",
    "text",
    "start",
    "end",
    "speaker",
    "speaker_resolved",
    "claim_type",
    "is_quote",
    "score",
    "reasons",
    "entities",
    "quantities",
    "extractor_version",
    "status",
    "priority",
    "verdict_summary",
    "verdict_explanation",
    "published_at",
    "first_published_at",
    "slug",
    "version",
    "created_at",
    "updated_at",
)
DOCUMENT_COLUMNS = (
    "id",
    "title",
    "url",
    "publisher",
    "author",
    "published_at",
    "kind",
    "language",
    "text",
    "content_hash",
    "created_at",
)


TEXT_FIELDS = ("CharField", "TextField")


def _model_defaults(model, given: tuple[str, ...]) -> dict[str, object]:
    """The columns of `model` this loader does not write, with the model's defaults (JSON
    as text), so that a field added with a default needs no change here."""
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in given or field.null:
            continue
        if not field.has_default() and field.blank and field.get_internal_type() in TEXT_FIELDS:
            defaults[field.column] = ""  # what a form saves for a blank text field
            continue
        if not field.has_default():
            raise SystemExit(
                f"bench/load_claims.py: give a value for {model.__name__}.{field.name}"
            )
        value = field.get_default()
        defaults[field.column] = json.dumps(value) if isinstance(value, list | dict) else value
    return defaults


def _django_models(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from claims.models import Claim, Document

    return Claim, Document


def load(url: str, documents: int, claims: int, seed: int = 1) -> None:
    search_sql = _search_index_sql()
    claim_model, document_model = _django_models(url)
    document_defaults = _model_defaults(document_model, DOCUMENT_COLUMNS)
    claim_defaults = _model_defaults(claim_model, CLAIM_COLUMNS)
    document_columns = (*DOCUMENT_COLUMNS, *document_defaults)
    claim_columns = (*CLAIM_COLUMNS, *claim_defaults)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("DROP INDEX IF EXISTS claim_search_idx")
        for table in (
            "claims_notification",
            "claims_claimevent",
            "claims_comment",
            "claims_evidence",
            "claims_claim",
            "claims_extractionjob",
            "claims_document",
        ):
            conn.execute(f"TRUNCATE {table} CASCADE")
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY claims_document ({', '.join(document_columns)}) FROM STDIN") as copy,
        ):
            for doc in range(1, documents + 1):
                text = f"Document {doc}. " + " ".join(rng.choice(SUBJECTS) for _ in range(30))
                created = now - timedelta(minutes=doc)
                copy.write_row(
                    (
                        doc,
                        f"{rng.choice(SUBJECTS).capitalize()} report {doc}",
                        f"https://news.example.org/{doc}",
                        rng.choice(PUBLISHERS),
                        "Staff reporter",
                        created - timedelta(hours=3),
                        rng.choice(KINDS),
                        "en",
                        text,
                        hashlib.sha256(text.encode()).hexdigest(),
                        created,
                        *document_defaults.values(),
                    )
                )
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('claims_document', 'id'), %s)", (documents,)
        )
        print(f"documents: {documents:,} in {time.perf_counter() - started:.1f}s", flush=True)

        reasons = json.dumps(["percentage", "year"])
        columns = ", ".join(f'"{column}"' for column in claim_columns)
        with conn.cursor() as cur, cur.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy:
            per_doc = claims // documents
            for n in range(claims):
                doc = n // per_doc + 1 if n // per_doc < documents else rng.randint(1, documents)
                start = (n % per_doc) * 200 if n // per_doc < documents else 10**6 + n
                speaker = rng.choice(SPEAKERS)
                text = (
                    f"{speaker or 'It was claimed that'} said {rng.choice(SUBJECTS)} "
                    f"{rng.choice(VERBS)} {rng.choice(AMOUNTS)} {rng.choice(WHEN)}."
                )
                status = rng.choice(STATUSES)
                published = (
                    now - timedelta(days=rng.randint(0, 300)) if status == "published" else None
                )
                created = now - timedelta(seconds=n)
                copy.write_row(
                    (
                        doc,
                        text,
                        start,
                        start + len(text),
                        speaker,
                        speaker,
                        rng.choice(TYPES),
                        speaker != "",
                        round(rng.random(), 6),
                        reasons,
                        "[]",
                        "[]",
                        "bench",
                        status,
                        rng.randint(1, 4),
                        "",
                        "",
                        published,
                        published,
                        "claim" if published else "",
                        1,
                        created,
                        created,
                        *claim_defaults.values(),
                    )
                )
        print(f"claims: {claims:,} in {time.perf_counter() - started:.1f}s", flush=True)
        conn.execute(search_sql)
        print(f"search index rebuilt at {time.perf_counter() - started:.1f}s", flush=True)
        conn.execute("ANALYZE claims_document")
        conn.execute("ANALYZE claims_claim")
        print(f"loaded and analyzed in {time.perf_counter() - started:.1f}s", flush=True)


def _search_index_sql() -> str:
    import importlib

    migration = importlib.import_module("claims.migrations.0003_search_index")
    return (
        "CREATE INDEX IF NOT EXISTS claim_search_idx ON claims_claim "
        f"USING gin ({migration.SEARCH_EXPRESSION})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    load(args.database_url, args.documents, args.claims)


if __name__ == "__main__":
    main()
