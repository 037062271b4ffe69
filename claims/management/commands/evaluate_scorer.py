from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.evaluate import MissingColumnError, evaluate_tsv
from claims.extraction.pipeline import DEFAULT_PIPELINE, DEFAULT_THRESHOLD


class Command(BaseCommand):
    help = (
        "Measure the check-worthiness scorer on a labelled TSV (columns id, text, label and "
        "optionally source): precision, recall and F1 at the threshold, and MAP over sources."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tab-separated file with a header line, no quoting.")
        parser.add_argument(
            "--threshold", type=float, help="Defaults to the EXTRACTION_THRESHOLD setting."
        )
        parser.add_argument("--processes", type=int, default=1, help="spaCy worker processes.")

    def handle(self, *args, path, threshold, processes, **options):
        if threshold is None:
            threshold = getattr(settings, "EXTRACTION_THRESHOLD", DEFAULT_THRESHOLD)
        pipeline = getattr(settings, "EXTRACTION_PIPELINE", DEFAULT_PIPELINE)
        try:
            evaluation = evaluate_tsv(
                path, threshold=threshold, pipeline=pipeline, n_process=processes
            )
        except (MissingColumnError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"file: {path}")
        self.stdout.write(f"pipeline: {pipeline}")
        for line in evaluation.lines():
            self.stdout.write(line)
