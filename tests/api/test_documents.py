"""Documents (create from text or URL, list, detail, re-extract) and extraction jobs."""

from __future__ import annotations

import pytest

from claims.models import Document, ExtractionJob
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Budget speech\n\n"
    "The minister said unemployment fell to 3.9 percent in 2019, the lowest rate since 1969. "
    '"We have built 300,000 homes since 2015," the minister told parliament on Tuesday. '
    "Critics say the figures are misleading."
)


def test_create_from_text_starts_a_job(api, researcher, django_capture_on_commit_callbacks):
    client = api("researcher")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/documents/",
            {
                "text": ARTICLE,
                "title": "Budget speech",
                "publisher": "Hansard",
                "kind": "transcript",
                "published_at": "2024-03-05T10:00:00Z",
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Budget speech" and body["kind"] == "transcript"
    assert body["created_by"]["username"] == "rita"
    job = body["job"]
    assert job["id"] == ExtractionJob.objects.get(document_id=body["id"]).pk
    assert job["status"] == "queued"
    # The job runs once the document is committed (eagerly in tests): poll it.
    job = client.get(f"/api/v1/jobs/{job['id']}/").json()
    assert job["status"] == "succeeded", job
    document = client.get(f"/api/v1/documents/{body['id']}/").json()
    assert job["claims_found"] == len(document["claims"]) == document["claims_count"] > 0


def test_the_same_text_twice_answers_the_existing_document(api, researcher):
    client = api("researcher")
    first = client.post("/api/v1/documents/", {"text": ARTICLE}, format="json")
    again = client.post("/api/v1/documents/", {"text": ARTICLE}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": ARTICLE, "kind": "novel"}, "kind"),
        ({"text": ARTICLE, "published_at": "last week"}, "published_at"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"url": "http://127.0.0.1:5432/"}, "url"),  # SSRF: loopback is refused
        ({"url": "http://10.0.0.1/internal"}, "url"),
        ({"text": "x" * (2 * 1024 * 1024 + 1)}, "text"),  # over the size limit
    ],
)
def test_bad_documents_are_400_naming_the_field(api, researcher, body, field):
    response = api("researcher").post("/api/v1/documents/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Document.objects.exists()


def test_create_from_url_fetches_the_page(api, researcher, monkeypatch):
    fetched = []

    def fake_fetch(url):
        fetched.append(url)
        return ARTICLE, "Fetched title"

    monkeypatch.setattr("claims.fetch.fetch_document", fake_fetch)
    response = api("researcher").post(
        "/api/v1/documents/", {"url": "https://news.example.org/budget"}, format="json"
    )
    assert response.status_code == 201
    assert fetched == ["https://news.example.org/budget"]
    body = response.json()
    assert (body["title"], body["url"]) == ("Fetched title", "https://news.example.org/budget")


def test_list_filters_and_search(api, researcher):
    a = DocumentFactory(title="Budget speech", publisher="Hansard", kind="transcript")
    b = DocumentFactory(title="Crime figures", publisher="The Daily Example")
    ClaimFactory(document=a)
    client = api("researcher")

    def listed(query):
        response = client.get(f"/api/v1/documents/?{query}")
        assert response.status_code == 200, response.content
        return [d["id"] for d in response.json()["results"]]

    assert listed("q=budget") == [a.pk]
    assert listed("publisher=hansard") == [a.pk]
    assert listed("kind=transcript") == [a.pk]
    assert set(listed("")) == {a.pk, b.pk}
    row = client.get("/api/v1/documents/?q=budget").json()["results"][0]
    assert row["claims_count"] == 1 and "text" not in row
    assert client.get("/api/v1/documents/?kind=novel").status_code == 400
    assert client.get("/api/v1/documents/?page=99").status_code == 404


def test_detail_has_text_claims_and_latest_job(api, researcher):
    claim = ClaimFactory()
    job = claim.document.jobs.create(extractor_version="v1", status="failed", error="Boom.")
    body = api("researcher").get(f"/api/v1/documents/{claim.document_id}/").json()
    assert body["text"] == claim.document.text
    assert [c["id"] for c in body["claims"]] == [claim.pk]
    assert body["job"]["id"] == job.pk and body["job"]["error"] == "Boom."


def test_reextract_queues_a_new_job(api, researcher):
    document = DocumentFactory()
    response = api("researcher").post(f"/api/v1/documents/{document.pk}/reextract/")
    assert response.status_code == 202
    assert response.json()["document"] == document.pk
    assert document.jobs.count() == 1


def test_jobs_list_and_detail(api, researcher):
    document = DocumentFactory()
    done = document.jobs.create(extractor_version="v1", status="succeeded", claims_found=3)
    failed = document.jobs.create(extractor_version="v1", status="failed", error="No text.")
    client = api("researcher")
    body = client.get("/api/v1/jobs/?status=failed").json()
    assert [j["id"] for j in body["results"]] == [failed.pk]
    detail = client.get(f"/api/v1/jobs/{done.pk}/").json()
    assert detail["claims_found"] == 3 and detail["progress_percent"] == 100
    assert set(detail) >= {"started_at", "finished_at", "duration_seconds", "extract_seconds"}
    assert client.get("/api/v1/jobs/?status=lost").status_code == 400
