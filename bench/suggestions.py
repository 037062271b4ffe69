"""Extraction with "seen before" suggestions against extraction without, in the same run.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/suggestions.py [--archive N] [--docs N]

On a fresh SQLite database in a temporary folder: imports the first `--archive` PolitiFact
fact-checks of ../shared/matching/politifact_vclaims.tsv through `factchecks_import` (their
vectors included), then extracts each benchmark document twice per round, variants interleaved:

- "extract": `extract()` and `claims_save_candidates` (what the worker does without matching);
- "extract + suggest": the same, then `suggestions_for_claims` (vectors for the new claims,
  `similar_claims` for each, suggestions stored), as `tasks.extract_document` does.

Prints the median seconds per document of each and their ratio (target: at most 2x). Each
ingest gets a round marker so no two documents share a text.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _archive(path: Path, rows: int) -> int:
    from claims.factchecks import factchecks_import

    with path.open(encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(rows + 1), handle, strict=False)]
    result = factchecks_import(data="".join(lines), filename=path.name)
    return result.created


def _extract_once(text: str, *, suggest: bool) -> float:
    """Seconds to ingest `text`, extract it and save its claims (and suggest, if asked)."""
    from django.conf import settings

    from claims.extraction.pipeline import extract
    from claims.services import documents as document_services
    from claims.services import jobs as job_services
    from claims.suggestions import suggestions_for_claims

    document, _ = document_services.document_ingest(text=text, enqueue=False)
    job = document.jobs.get()
    started = time.perf_counter()
    candidates = extract(document.text, pipeline=settings.EXTRACTION_PIPELINE)
    job = job_services.claims_save_candidates(
        job=job,
        candidates=candidates,
        threshold=settings.EXTRACTION_THRESHOLD,
        sentences=len(candidates),
        extract_seconds=0.0,
    )
    if suggest:
        suggestions_for_claims(claim_ids=list(job.claims.values_list("pk", flat=True)))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "matching"))
    parser.add_argument("--archive", type=int, default=2000, help="fact-checks to import")
    parser.add_argument("--docs", type=int, default=6, help="documents per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder) / "bench.sqlite3")
        from bench.corpus import documents

        started = time.perf_counter()
        imported = _archive(Path(args.data) / "politifact_vclaims.tsv", args.archive)
        print(f"archive: {imported} fact-checks imported in {time.perf_counter() - started:.1f} s")
        texts = documents(args.docs)
        _extract_once(texts[0] + "\n\nWarm-up.", suggest=True)  # spaCy, encoder, index loaded
        plain: list[float] = []
        suggested: list[float] = []
        for round_ in range(args.rounds):
            for number, text in enumerate(texts):
                marker = f"\n\nRound {round_}, document {number}"
                # Interleaved, and alternating which goes first, so load moves both alike.
                order = [(False, plain), (True, suggested)]
                if (round_ + number) % 2:
                    order.reverse()
                for suggest, times in order:
                    times.append(_extract_once(f"{text}{marker}, {suggest}.", suggest=suggest))
        a, b = statistics.median(plain), statistics.median(suggested)
        print(f"documents: {len(plain)} per variant ({args.docs} x {args.rounds} rounds)")
        print(f"extract:            median {a * 1000:.0f} ms per document")
        print(f"extract + suggest:  median {b * 1000:.0f} ms per document")
        print(f"ratio: {b / a:.2f} (target <= 2.0); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
