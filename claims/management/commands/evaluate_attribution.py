from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.attribution_eval import evaluate_dirs
from claims.extraction.pipeline import DEFAULT_PIPELINE, extract
from claims.extraction.transcript_eval import evaluate_transcripts

DEFAULT_DIRS = ("../shared/attribution/polnear/train", "../shared/attribution/polnear/dev")


class Command(BaseCommand):
    help = (
        "Measure speaker attribution on PolNeAR-layout directories (text/*.txt and "
        "attributions/*.ann): quotes, coverage and accuracy. With --transcripts, measure "
        "transcript speaker labels on a TSV with text, source and speaker columns instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("dirs", nargs="*", help=f"Defaults to {' and '.join(DEFAULT_DIRS)}.")
        parser.add_argument("--limit", type=int, help="At most N articles (or transcripts).")
        parser.add_argument("--transcripts", help="A CheckThat! 2020 task 5 style TSV.")
        parser.add_argument(
            "--parser", action="store_true", help="Extract with spaCy's dependency parser too."
        )

    def handle(self, *args, dirs, limit, transcripts, parser, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number")
        pipeline = getattr(settings, "EXTRACTION_PIPELINE", DEFAULT_PIPELINE)

        def run(text, **kwargs):
            return extract(text, pipeline=pipeline, parse=parser, **kwargs)

        if transcripts:
            try:
                report = evaluate_transcripts(Path(transcripts), extract_fn=run, limit=limit)
            except (OSError, KeyError) as error:
                raise CommandError(f"cannot read {transcripts}: {error}") from error
            for line in report.lines():
                self.stdout.write(line)
            return
        for directory in dirs or DEFAULT_DIRS:
            try:
                report = evaluate_dirs([Path(directory)], extract_fn=run, limit=limit)
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot read {directory}: {error}") from error
            self.stdout.write(f"directory: {directory}")
            self.stdout.write(f"parser: {'on' if parser else 'off'}")
            for line in report.lines():
                self.stdout.write(line)
