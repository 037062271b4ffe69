"""Adding documents: paste, upload, fetch, and every kind of bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim, Document, ExtractionJob
from tests.factories import ClaimFactory, DocumentFactory

ADD = "/documents/new/"
ARTICLE = (
    "The mayor said the city budget grew by $2 million in 2023, the largest rise since 1998. "
    "Unemployment fell to 3.9 percent last year, according to the statistics office. "
    "Residents enjoyed the parade."
)


@pytest.fixture
def team_client(client, researcher):
    client.force_login(researcher)
    return client


def _errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_pasted_text_is_ingested_and_extracted(team_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(
            ADD, {"text": ARTICLE, "title": "Budget story", "kind": "article"}
        )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert document.title == "Budget story"
    job = ExtractionJob.objects.get(document=document)
    assert job.status == "succeeded"
    page = team_client.get(document.get_absolute_url())
    assert page.status_code == 200
    claims = list(document.claims.all())
    assert claims, "the article has check-worthy sentences"
    for claim in claims:
        assert f'href="{claim.get_absolute_url()}"'.encode() in page.content
    assert b'class="hl s-new"' in page.content
    # Finished: no more polling.
    assert b"every 1s" not in page.content


def test_same_text_twice_leads_to_the_existing_document(team_client):
    team_client.post(ADD, {"text": ARTICLE, "kind": "article"})
    response = team_client.post(ADD, {"text": ARTICLE, "kind": "article"}, follow=True)
    assert Document.objects.count() == 1
    assert b"already here" in response.content


def test_uploaded_html_file_is_read(team_client):
    html = f"<html><head><title>From a file</title></head><body><p>{ARTICLE}</p></body></html>"
    upload = SimpleUploadedFile("story.html", html.encode(), content_type="text/html")
    response = team_client.post(ADD, {"file": upload, "kind": "article"})
    assert response.status_code == 302
    assert Document.objects.get().title == "From a file"


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_a_form_error(team_client, text):
    response = team_client.post(ADD, {"text": text, "kind": "article"})
    assert response.status_code == 400
    assert _errors(response, "text")
    assert Document.objects.count() == 0


def test_oversized_text_is_refused_and_kept(team_client, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    response = team_client.post(
        ADD, {"text": "Taxes rose. " * 20, "title": "Kept title", "kind": "article"}
    )
    assert response.status_code == 400
    assert "larger than the limit" in " ".join(_errors(response, "text"))
    assert b'value="Kept title"' in response.content
    assert Document.objects.count() == 0 and ExtractionJob.objects.count() == 0


def test_oversized_upload_is_refused(team_client, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.txt", b"Taxes rose. " * 20, content_type="text/plain")
    response = team_client.post(ADD, {"file": upload, "kind": "article"})
    assert response.status_code == 400
    assert "larger than the limit" in " ".join(_errors(response, "file"))
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1.txt", "Le budget a augmenté de 5 %.".encode("latin-1"), "not UTF-8"),
        ("sheet.pdf", b"%PDF-1.4 hello", ".txt, .md or .html"),
        ("empty.txt", b"", ""),
    ],
)
def test_bad_uploads_are_form_errors(team_client, name, data, message):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = team_client.post(ADD, {"file": upload, "kind": "article"})
    assert response.status_code == 400
    errors = " ".join(_errors(response, "file")) + " ".join(_errors(response, "text"))
    assert errors
    assert message in errors
    assert Document.objects.count() == 0


def test_text_and_file_together_is_refused(team_client):
    upload = SimpleUploadedFile("a.txt", ARTICLE.encode(), content_type="text/plain")
    response = team_client.post(ADD, {"text": ARTICLE, "file": upload, "kind": "article"})
    assert response.status_code == 400
    assert "not both" in str(response.context["form"].non_field_errors())


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/file.txt",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://127.0.0.1:8000/admin/",
        "http://localhost/",
        "http://[::1]/",
        "http://10.0.0.8/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_unsafe_urls_are_not_fetched(team_client, url, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("must not open a connection")

    monkeypatch.setattr("urllib.request.OpenerDirector.open", no_network)
    response = team_client.post(ADD, {"url": url, "kind": "article"})
    assert response.status_code == 400
    assert _errors(response, "url")
    assert Document.objects.count() == 0


def test_fetched_page_is_ingested(team_client, monkeypatch):
    monkeypatch.setattr("claims.fetch.fetch_document", lambda url: (ARTICLE, "Fetched title"))
    response = team_client.post(ADD, {"url": "https://news.example.org/story", "kind": "article"})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.url, document.title) == ("https://news.example.org/story", "Fetched title")


def test_fetch_failure_is_shown_on_the_url_field(team_client, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(url):
        raise ValidationError({"url": "The page could not be fetched: the server answered 404."})

    monkeypatch.setattr("claims.fetch.fetch_document", refuse)
    response = team_client.post(ADD, {"url": "https://news.example.org/gone", "kind": "article"})
    assert response.status_code == 400
    assert "answered 404" in " ".join(_errors(response, "url"))


def test_fetched_empty_page_error_lands_on_url(team_client, monkeypatch):
    monkeypatch.setattr("claims.fetch.fetch_document", lambda url: ("", ""))
    response = team_client.post(ADD, {"url": "https://news.example.org/blank", "kind": "article"})
    assert response.status_code == 400
    assert "empty" in " ".join(_errors(response, "url"))


def test_nothing_given_is_a_form_error(team_client):
    response = team_client.post(ADD, {"kind": "article"})
    assert response.status_code == 400
    assert _errors(response, "text")


def test_script_in_document_text_is_escaped(team_client):
    document = DocumentFactory(
        title="<script>alert('t')</script>",
        text="Intro. <script>alert('x')</script> The budget grew 5% in 2020. </script><b>bold</b>",
    )
    start = document.text.index("The budget")
    ClaimFactory(
        document=document, start=start, end=start + 26, text=document.text[start : start + 26]
    )
    for url in [document.get_absolute_url(), f"/documents/{document.pk}/live/", "/documents/"]:
        content = team_client.get(url).content.decode()
        assert "<script>alert" not in content
        assert "<b>bold</b>" not in content
    content = team_client.get(document.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content


def test_document_page_polls_until_the_job_finishes(team_client):
    document = DocumentFactory()
    ExtractionJob.objects.create(
        document=document,
        extractor_version="t",
        status="running",
        progress_done=3,
        progress_total=10,
    )
    page = team_client.get(document.get_absolute_url())
    assert b'hx-trigger="every 1s"' in page.content
    assert b"3 of 10 sentences" in page.content
    ExtractionJob.objects.update(status="succeeded")
    ClaimFactory(document=document, start=0, end=8)
    live = team_client.get(f"/documents/{document.pk}/live/", HTTP_HX_REQUEST="true")
    assert b"every 1s" not in live.content
    assert b'class="hl s-new"' in live.content


def test_failed_job_shows_its_error_and_offers_extract_again(team_client):
    document = DocumentFactory()
    ExtractionJob.objects.create(
        document=document, extractor_version="t", status="failed", error="Extraction failed: boom"
    )
    page = team_client.get(document.get_absolute_url())
    assert b"Extraction failed: boom" in page.content
    assert b"Extract again" in page.content


def test_reextract_queues_a_new_job(team_client):
    document = DocumentFactory()
    response = team_client.post(reverse("claims:document_reextract", args=[document.pk]))
    assert response.status_code == 302
    assert document.jobs.count() == 1


def test_documents_list_filters(team_client):
    DocumentFactory(title="Budget day", publisher="Gazette", kind="article")
    DocumentFactory(title="Debate night", publisher="Herald", kind="transcript")
    content = team_client.get("/documents/?q=debate").content
    assert b"Debate night" in content and b"Budget day" not in content
    content = team_client.get("/documents/?kind=transcript").content
    assert b"Debate night" in content and b"Budget day" not in content
    content = team_client.get("/documents/?publisher=gazette").content
    assert b"Budget day" in content and b"Debate night" not in content
    assert team_client.get("/documents/?kind=nonsense&page=abc").status_code == 200


def test_claims_stay_in_place_with_overlapping_spans(team_client):
    document = DocumentFactory(text="Alpha beta gamma delta.")
    ClaimFactory(document=document, start=0, end=10)
    ClaimFactory(document=document, start=6, end=16)
    page = team_client.get(document.get_absolute_url()).content.decode()
    assert page.count("data-claim=") == 2
    assert Claim.objects.count() == 2


def test_polling_a_running_job_sends_only_its_status_then_the_claims(team_client):
    from claims.models import JobStatus
    from claims.services import documents as document_services
    from claims.services import jobs as job_services

    document, _ = document_services.document_ingest(text=ARTICLE, title="Running", extract=False)
    job = job_services.job_create(document=document, enqueue=False)
    ExtractionJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress_done=3, progress_total=9
    )
    live = reverse("claims:document_live", args=[document.pk]) + "?part=status"
    running = team_client.get(live, HTTP_HX_REQUEST="true")
    html = running.content.decode()
    assert "3 of 9 sentences" in html and "every 1s" in html
    assert ARTICLE[:40] not in html  # the text is not sent again every second
    assert "HX-Retarget" not in running.headers

    ExtractionJob.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    finished = team_client.get(live, HTTP_HX_REQUEST="true")
    assert finished.headers["HX-Retarget"] == "#doc-live"
    assert finished.headers["HX-Reswap"] == "outerHTML"
    assert 'id="doc-live"' in finished.content.decode()
    assert "every 1s" not in finished.content.decode()
