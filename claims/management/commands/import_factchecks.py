"""`manage.py import_factchecks FILE...`: fill the archive of other organisations' fact-checks."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.factchecks import ImportResult, factchecks_import


class Command(BaseCommand):
    help = (
        "Import fact-checks published by others: schema.org ClaimReview (JSON-LD file, DataFeed "
        "or an HTML page's embedded JSON-LD) or the lab's TSV (id vclaim [title date speaker "
        "truth_label]). Idempotent by URL or by id within the source; bad records are reported "
        "and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--source", default="", help="Scopes ids (default: the file name).")
        parser.add_argument(
            "--publisher", default="", help="For records that do not name their publisher."
        )

    def handle(self, *args, files, source, publisher, **options):
        self.verbosity = options["verbosity"]
        failed = False
        for name in files:
            started = time.perf_counter()
            try:
                data = Path(name).read_bytes()
                result = factchecks_import(
                    data=data,
                    filename=name,
                    source=source,
                    publisher=publisher,
                    on_progress=self._progress(name),
                )
            except OSError as error:
                raise CommandError(f"{name}: {error.strerror or error}") from None
            except ValidationError as error:
                raise CommandError(f"{name}: {' '.join(error.messages)}") from None
            for error in result.errors:
                self.stderr.write(f"{name}: {error}")
            failed = failed or bool(result.errors)
            self.stdout.write(
                f"{name}: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged, {len(result.errors)} skipped "
                f"({time.perf_counter() - started:.1f} s)."
            )
        if failed:
            self.stderr.write("Some records were skipped (see above); the rest were imported.")

    def _progress(self, name: str):
        def report(result: ImportResult) -> None:
            if self.verbosity >= 1:
                self.stderr.write(f"{name}: {result.total:,} records read…")

        return report
