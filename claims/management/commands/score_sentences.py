from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.evaluate import MissingColumnError, read_tsv, score_rows, write_scores
from claims.extraction.pipeline import DEFAULT_PIPELINE, DEFAULT_THRESHOLD
from claims.management.commands.evaluate_scorer import add_scorer_arguments
from claims.scorers import scorer_choose


class Command(BaseCommand):
    help = (
        "Score the sentences of a TSV (columns id and text) for check-worthiness (the active "
        "model by default) and write id, score, checkworthy, claim_type, speaker, reasons as TSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tab-separated file with a header line, no quoting.")
        parser.add_argument("--output", "-o", help="Write here instead of standard output.")
        parser.add_argument(
            "--threshold", type=float, help="Score at which a sentence counts as check-worthy."
        )
        parser.add_argument("--processes", type=int, default=1, help="spaCy worker processes.")
        add_scorer_arguments(parser)

    def handle(self, *args, path, output, threshold, processes, rules, model, **options):
        try:
            scorer, _version = scorer_choose(rules=rules, version=model)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if threshold is None:
            threshold = (
                scorer.decision_threshold
                if scorer is not None
                else getattr(settings, "EXTRACTION_THRESHOLD", DEFAULT_THRESHOLD)
            )
        pipeline = getattr(settings, "EXTRACTION_PIPELINE", DEFAULT_PIPELINE)
        try:
            rows = read_tsv(path, required=("id", "text"))
        except (MissingColumnError, OSError) as error:
            raise CommandError(str(error)) from error
        candidates = score_rows(rows, pipeline=pipeline, n_process=processes, scorer=scorer)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                write_scores(rows, candidates, out, threshold=threshold)
            self.stderr.write(f"Scored {len(rows)} sentence(s) into {output}.")
        else:
            write_scores(rows, candidates, self.stdout, threshold=threshold)
