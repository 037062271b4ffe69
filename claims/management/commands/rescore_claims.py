from django.core.management.base import BaseCommand, CommandError

from claims.models import Document
from claims.scorers import claims_rescore_run


class Command(BaseCommand):
    help = (
        "Re-score the claims still new (all, or one document's) with the active scorer; "
        "claims further along the workflow are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--document", type=int, help="Only this document's claims (its id).")

    def handle(self, *args, document, **options):
        if document is not None and not Document.objects.filter(pk=document).exists():
            raise CommandError(f"There is no document with id {document}.")
        from tqdm import tqdm

        with tqdm(total=0, file=self.stderr, desc="Re-scoring", unit="claims") as bar:

            def report(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result = claims_rescore_run(document_id=document, on_progress=report)
        self.stdout.write(
            f"{result['rescored']} of {result['claims']} new claims re-scored "
            f"with {result['scorer_version']}."
        )
