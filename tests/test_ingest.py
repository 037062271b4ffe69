"""Ingest: normalization once, no duplicates, clear errors, odd characters survive."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from claims.extraction.normalize import normalize_text
from claims.models import Document, ExtractionJob
from claims.services import documents as document_services

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_normalization_unifies_newlines_spaces_and_unicode_form():
    raw = (
        "  Cafe\u0301 prices\r\nrose   3\u00a0percent.\r\n\r\n\r\n\r\nQuote: \u201chi\u201d\u200b  "
    )
    assert normalize_text(raw) == "Café prices\nrose 3 percent.\n\nQuote: \u201chi\u201d"


def test_normalization_is_idempotent():
    raw = "A\t\tb \r\n\n\n\nc\x00d"
    once = normalize_text(raw)
    assert normalize_text(once) == once


@pytest.mark.django_db
def test_same_text_twice_returns_the_existing_document():
    first, created = document_services.document_ingest(
        text="Prices rose 3 percent in 2024.", extract=False
    )
    again, created_again = document_services.document_ingest(
        text="  Prices rose 3 percent   in 2024.\r\n", extract=False
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert Document.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n", "\x00\x00", "\u200b"])
def test_empty_or_whitespace_text_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        document_services.document_ingest(text=text)
    assert "empty" in refused.value.message_dict["text"][0]
    assert not Document.objects.exists()
    assert not ExtractionJob.objects.exists()


@pytest.mark.django_db
def test_oversized_text_is_refused(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        document_services.document_ingest(text="word " * 1000)
    assert "limit" in refused.value.message_dict["text"][0]
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_nul_bytes_and_lone_surrogates_are_stored_without_a_database_error():
    text = "The deficit\x00 grew by $3 billion\ud800 in 2023.\x07"
    document, _ = document_services.document_ingest(text=text, extract=False)
    document.refresh_from_db()
    assert document.text == "The deficit grew by $3 billion in 2023."


@pytest.mark.django_db
def test_bad_kind_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as refused:
        document_services.document_ingest(text="Some text.", kind="novel")
    assert "kind" in refused.value.message_dict


@pytest.mark.django_db
def test_a_url_used_by_another_text_is_refused():
    document_services.document_ingest(text="One.", url="https://news.example.org/a", extract=False)
    with pytest.raises(ValidationError) as refused:
        document_services.document_ingest(
            text="Two.", url="https://news.example.org/a", extract=False
        )
    assert "url" in refused.value.message_dict
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_ingest_creates_a_queued_job_sent_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document, _ = document_services.document_ingest(text="Exports fell 12 percent in May.")
    job = document.jobs.get()
    assert job.status == "queued"
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_ingest_command_twice_leaves_one_document(capsys):
    call_command("ingest", str(SEEDS), "--no-extract")
    call_command("ingest", str(SEEDS), "--no-extract")
    assert Document.objects.count() == 1
    document = Document.objects.get()
    assert document.publisher == "The Japan Times"
    assert document.published_at.date().isoformat() == "2018-02-07"
    assert document.kind == "article"
    assert "already there" in capsys.readouterr().out


@pytest.mark.django_db
def test_ingest_command_reads_html_and_skips_bad_files(tmp_path, capsys):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Budget</title><script>x()</script></head>"
        "<body><p>The budget grew 4 percent.</p></body></html>"
    )
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    call_command("ingest", str(tmp_path), "--no-extract")
    document = Document.objects.get()
    assert document.title == "Budget"
    assert document.text == "The budget grew 4 percent."
    assert "binary" in capsys.readouterr().err
