from django.core.management.base import BaseCommand, CommandError

from claims.labels import LabelFileError, labels_import, read_label_file


class Command(BaseCommand):
    help = (
        "Import labelled sentences (CheckThat!/ClaimBuster TSV: id, text, label, optional "
        "source and speaker) for training the scorer. Idempotent by id. The whole file is "
        "checked first: a malformed row rejects the file (naming its line) and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tab-separated file with a header line, no quoting.")
        parser.add_argument(
            "--weight", type=float, default=1.0, help="Training weight of these sentences."
        )

    def handle(self, *args, path, weight, **options):
        if weight < 0:
            raise CommandError("--weight must not be negative.")
        try:
            rows = read_label_file(path)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        except LabelFileError as error:
            raise CommandError(f"{path}, {error}. Nothing was imported.") from error
        with _progress(len(rows), self.stderr) as bar:
            result = labels_import(rows=rows, weight=weight, on_progress=bar.update)
        self.stdout.write(
            f"{len(rows)} rows: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )


def _progress(total, stream):
    from tqdm import tqdm

    return tqdm(total=total, unit="rows", file=stream, desc="Importing", mininterval=0.5)
