from django.core.management.base import BaseCommand, CommandError

from claims import selectors
from claims.models import Document, JobStatus
from claims.services import documents as document_services
from claims.services import jobs as job_services
from claims.tasks import extract_document


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = round(width * done / total) if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


class Command(BaseCommand):
    help = "Extract claims from documents: one, all, or those with jobs still pending."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--document", type=int, help="Document id.")
        which.add_argument("--all", action="store_true", help="Every document.")
        which.add_argument("--pending", action="store_true", help="Jobs queued or failed.")
        parser.add_argument(
            "--sync", action="store_true", help="Run here and now instead of on the workers."
        )

    def handle(self, *args, document, all, pending, sync, **options):
        if pending:
            jobs = selectors.pending_jobs()
        else:
            documents = Document.objects.all() if all else Document.objects.filter(pk=document)
            if document and not documents.exists():
                raise CommandError(f"There is no document {document}.")
            jobs = [
                document_services.document_reextract(document=doc, enqueue=not sync)
                for doc in documents.order_by("pk")
            ]
        if not jobs:
            self.stdout.write("Nothing to extract.")
            return
        if not sync:
            if pending:
                for job in jobs:
                    job_services.job_enqueue(job=job)
            self.stdout.write(f"Queued {len(jobs)} extraction job(s).")
            return
        created = 0
        for number, job in enumerate(jobs, 1):
            extract_document.apply(args=(job.pk,))
            job.refresh_from_db()
            created += job.claims_created
            line = f"\r{_bar(number, len(jobs))} document {job.document_id}: {job.status}"
            self.stdout.write(line, ending="")
            self.stdout.flush()
            if job.status == JobStatus.FAILED:
                self.stderr.write(f"\n  {job.error}")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Extracted {len(jobs)} document(s); {created} new claims.")
        )
