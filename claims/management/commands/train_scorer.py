from django.core.management.base import BaseCommand, CommandError

from claims.scorers import scorer_train
from claims.workflow import WorkflowError

HEADLINE = ("precision", "recall", "f1", "ap", "threshold", "decision_threshold")


class Command(BaseCommand):
    help = (
        "Train a new check-worthiness scorer version from the labelled sentences (imported "
        "and/or newsroom decisions; both when neither option is given), evaluated by grouped "
        "cross-validation, and store it. --activate makes it the active scorer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from-imports", action="store_true", help="Imported labels.")
        parser.add_argument(
            "--from-decisions", action="store_true", help="The newsroom's triage decisions."
        )
        parser.add_argument("--activate", action="store_true", help="Activate the new model.")

    def handle(self, *args, from_imports, from_decisions, activate, **options):
        if not (from_imports or from_decisions):
            from_imports = from_decisions = True
        from tqdm import tqdm

        with tqdm(total=1, file=self.stderr, desc="Training", unit="step") as bar:

            def report(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
                model = scorer_train(
                    actor=None,
                    from_imports=from_imports,
                    from_decisions=from_decisions,
                    activate=activate,
                    on_progress=report,
                )
            except WorkflowError as error:
                raise CommandError(error.message) from error
        metrics, counts = model.metrics, model.counts
        self.stdout.write(f"model: v{model.version} ({model.get_trained_from_display()})")
        self.stdout.write(
            f"examples: {counts.get('examples')} ({counts.get('positives')} check-worthy, "
            f"{counts.get('groups')} groups, {metrics.get('folds')} folds)"
        )
        for key in HEADLINE:
            if key in metrics:
                self.stdout.write(f"{key}: {metrics[key]:.4f}")
        self.stdout.write(f"active: {'yes' if model.is_active else 'no'}")
