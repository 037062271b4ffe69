from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.evaluate import MissingColumnError, evaluate_tsv
from claims.extraction.pipeline import DEFAULT_PIPELINE, DEFAULT_THRESHOLD
from claims.scorers import scorer_choose


def add_scorer_arguments(parser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--rules", action="store_true", help="Use the rule scorer.")
    which.add_argument("--model", type=int, metavar="VERSION", help="Use this model version.")


class Command(BaseCommand):
    help = (
        "Measure the check-worthiness scorer (the active model by default) on a labelled TSV "
        "(columns id, text, label and optionally source): precision, recall and F1 at the "
        "threshold, average precision, and MAP over sources."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tab-separated file with a header line, no quoting.")
        parser.add_argument(
            "--threshold",
            type=float,
            help="Defaults to the model's decision threshold (rules: EXTRACTION_THRESHOLD).",
        )
        parser.add_argument("--processes", type=int, default=1, help="spaCy worker processes.")
        add_scorer_arguments(parser)

    def handle(self, *args, path, threshold, processes, rules, model, **options):
        try:
            scorer, version = scorer_choose(rules=rules, version=model)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if threshold is None and scorer is None:
            threshold = getattr(settings, "EXTRACTION_THRESHOLD", DEFAULT_THRESHOLD)
        pipeline = getattr(settings, "EXTRACTION_PIPELINE", DEFAULT_PIPELINE)
        try:
            evaluation = evaluate_tsv(
                path, threshold=threshold, pipeline=pipeline, scorer=scorer, n_process=processes
            )
        except (MissingColumnError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"file: {path}")
        self.stdout.write(f"pipeline: {pipeline}")
        self.stdout.write(f"scorer: {version}")
        for line in evaluation.lines():
            self.stdout.write(line)
