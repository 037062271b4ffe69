import json
from datetime import datetime, time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from claims.services import documents as document_services
from claims.textimport import ALLOWED_SUFFIXES, text_from_file

MANIFEST = "manifest.json"


def _files(paths: list[str]) -> list[Path]:
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in ALLOWED_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder.")
    return found


def _manifest(folder: Path) -> dict:
    manifest = folder / MANIFEST
    if not manifest.exists():
        return {}
    try:
        return json.loads(manifest.read_text("utf-8"))
    except json.JSONDecodeError as error:
        raise CommandError(f"{manifest}: not valid JSON ({error}).") from None


def _published_at(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"published_at “{value}” is not a date (YYYY-MM-DD).")
        parsed = datetime.combine(day, time.min)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class Command(BaseCommand):
    help = (
        "Ingest .txt, .html and .md files or folders of them (with metadata from a "
        "manifest.json beside them). Running it twice creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders.")
        parser.add_argument("--kind", default="article", help="Default document kind.")
        parser.add_argument("--no-extract", action="store_true", help="Do not queue extraction.")

    def handle(self, *args, paths, kind, no_extract, **options):
        files = _files(paths)
        if not files:
            raise CommandError("No .txt, .html or .md files found.")
        manifests: dict[Path, dict] = {}
        created = existing = failed = 0
        for number, path in enumerate(files, 1):
            folder = path.parent
            if folder not in manifests:
                manifests[folder] = _manifest(folder)
            meta = manifests[folder].get(path.name, {})
            prefix = f"[{number}/{len(files)}] {path}"
            try:
                text, html_title = text_from_file(path.name, path.read_bytes(), field="file")
                document, is_new = document_services.document_ingest(
                    text=text,
                    title=meta.get("title") or html_title,
                    url=meta.get("url"),
                    publisher=meta.get("publisher", ""),
                    author=meta.get("author", ""),
                    published_at=_published_at(meta.get("published_at")),
                    kind=meta.get("kind", kind),
                    language=meta.get("language", "en"),
                    extract=not no_extract,
                )
            except ValidationError as error:
                failed += 1
                self.stderr.write(f"{prefix}: skipped: {' '.join(error.messages)}")
                continue
            if is_new:
                created += 1
                self.stdout.write(f"{prefix}: ingested as document {document.pk}")
            else:
                existing += 1
                self.stdout.write(f"{prefix}: already there (document {document.pk})")
        self.stdout.write(
            self.style.SUCCESS(f"{created} new, {existing} already there, {failed} skipped.")
        )
