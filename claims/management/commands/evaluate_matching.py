"""`manage.py evaluate_matching QUERIES.tsv QRELS.tsv VCLAIMS.tsv`: MAP@5 of "seen before".

Imports the vclaims into the current database through the archive import (as a newsroom
would), ranks every query through `claims.search.similar_to_text` and prints the lab's
official metric. Run it on a fresh database: other rows in the index compete for the top 5.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.factchecks import default_source, factchecks_import
from claims.models import ExternalFactCheck
from claims.search import similar_to_text

DEPTH = 5


def read_tsv(path: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"{path}: the header lacks {', '.join(missing)}.")
        return list(reader)


def average_precision(ranked: list[str], gold: set[str], depth: int = DEPTH) -> float:
    """AP@depth as the lab computes it: precision at each hit, over the number of gold items."""
    hits, total = 0, 0.0
    for rank, key in enumerate(ranked[:depth], start=1):
        if key in gold:
            hits += 1
            total += hits / rank
    return total / len(gold) if gold else 0.0


class Command(BaseCommand):
    help = "Import VCLAIMS, rank QUERIES through similar_to_text, print MAP@5 against QRELS."

    def add_arguments(self, parser):
        parser.add_argument("queries")
        parser.add_argument("qrels")
        parser.add_argument("vclaims")

    def handle(self, *args, queries, qrels, vclaims, **options):
        source = default_source(vclaims)
        try:
            result = factchecks_import(data=Path(vclaims).read_bytes(), filename=vclaims)
        except OSError as error:
            raise CommandError(f"{vclaims}: {error.strerror or error}") from None
        except ValidationError as error:
            raise CommandError(f"{vclaims}: {' '.join(error.messages)}") from None
        self.stderr.write(
            f"vclaims: {result.created} new, {result.unchanged + result.updated} already "
            f"there, {len(result.errors)} skipped"
        )
        gold: dict[str, set[str]] = defaultdict(set)
        for row in read_tsv(qrels, ("qid", "vclaim_id")):
            gold[row["qid"].strip()].add(row["vclaim_id"].strip())
        ids = dict(ExternalFactCheck.objects.filter(source=source).values_list("pk", "external_id"))
        rows = read_tsv(queries, ("qid", "text"))
        scores, answered = [], 0
        for row in rows:
            matches = similar_to_text(row["text"], limit=DEPTH)
            answered += bool(matches)
            ranked = [ids.get(m.object.pk, "") if m.is_external else "" for m in matches]
            scores.append(average_precision(ranked, gold.get(row["qid"].strip(), set())))
        self.stdout.write(f"queries: {len(rows)}")
        self.stdout.write(f"map@5: {sum(scores) / len(scores) if scores else 0.0:.4f}")
        self.stdout.write(f"answered: {answered}")
