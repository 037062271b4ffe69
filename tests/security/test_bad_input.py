"""Inputs that used to answer 500 answer 400 naming the field (on PostgreSQL, which refuses
what Python accepts: NUL bytes, some time-zone offsets)."""

from __future__ import annotations

import base64
import json
import threading
from http.server import ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Document
from tests.factories import ClaimFactory
from tests.test_fetch import Handler

SURROGATE = "\ud800"
# A page whose <title> carries a NUL byte after the first 8 KB (decode_text only looks
# for NUL there to call a file binary).
NUL_TITLE_PAGE = (
    "<html><head><!--" + "x" * 9000 + "--><title>Budget\x00 2026</title></head>"
    "<body><p>The deficit fell to 3.1 percent in 2025, the lowest since 2001.</p></body></html>"
).encode()


def raw_post(client, url, body: str):
    """POST `body` as it is: a JSON text that may carry escapes no dict could."""
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def editor_api(api, editor):
    client = api("editor")
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("transition/", '{"to": "selected\\ud800", "version": 1}', "to"),
        ("evidence/", '{"url": "https://example.org/", "stance": "supports\\ud800"}', "stance"),
        ("", '{"priority": "high\\ud800", "version": 1}', "priority"),
    ],
)
def test_a_lone_surrogate_in_a_claim_choice_is_400_naming_the_field(editor_api, path, body, field):
    claim = ClaimFactory(status="new")
    url = f"/api/v1/claims/{claim.pk}/{path}"
    response = (editor_api.patch if not path else editor_api.post)(
        url, body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert SURROGATE in response.json()[field][0]


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/documents/", '{"text": "Sales rose 5%.", "kind": "article\\ud800"}', "kind"),
        ("/api/v1/claims/bulk/", '{"ids": [1], "action": "select\\ud800"}', "action"),
    ],
)
def test_a_lone_surrogate_in_other_choices_is_400_naming_the_field(editor_api, url, body, field):
    response = raw_post(editor_api, url, body)
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize("url", ["/api/v1/claims/bulk/", "/api/v1/notifications/read/"])
def test_json_nested_100000_deep_is_400(editor_api, url):
    response = raw_post(editor_api, url, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert "nested deeper" in response.json()["detail"]


def test_json_nested_within_the_limit_still_parses(editor_api):
    response = raw_post(editor_api, "/api/v1/notifications/read/", '{"ids": [[[["1"]]]]}')
    assert response.status_code == 400
    assert "ids" in response.json()  # the serializer speaks, not the parser


def cursor(value: str) -> str:
    payload = {"o": "-created_at", "v": value, "id": 5, "r": 0}
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "value",
    ["2026-01-01T00:00:00+23:59", "2026-01-01T00:00:00+16:00", "2026-01-01T00:00:00+00:00:30"],
)
def test_a_cursor_with_an_offset_postgres_refuses_still_pages(editor_api, value):
    ClaimFactory()
    response = editor_api.get(
        "/api/v1/claims/", {"cursor": cursor(value), "ordering": "-created_at"}
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_cursor_whose_time_leaves_the_calendar_in_utc_is_400(editor_api, value):
    response = editor_api.get(
        "/api/v1/claims/", {"cursor": cursor(value), "ordering": "-created_at"}
    )
    assert response.status_code == 400
    assert response.json()["cursor"] == [
        "This cursor is not valid: use the next or previous link as given."
    ]


def test_an_uploaded_page_with_a_nul_in_its_title_is_a_form_error(client, researcher):
    client.force_login(researcher)
    upload = SimpleUploadedFile("page.html", NUL_TITLE_PAGE, content_type="text/html")
    response = client.post("/documents/new/", {"file": upload, "kind": "article"})
    assert response.status_code == 400
    assert "NUL" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()


class NulTitleHandler(Handler):
    def do_GET(self):
        self._send(200, "text/html; charset=utf-8", NUL_TITLE_PAGE)


@pytest.fixture
def nul_title_server(settings):
    settings.URL_FETCH_ALLOW_PRIVATE = True
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), NulTitleHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/page"
    httpd.shutdown()
    httpd.server_close()


def test_a_fetched_page_with_a_nul_in_its_title_is_400_naming_the_url(editor_api, nul_title_server):
    response = editor_api.post("/api/v1/documents/", {"url": nul_title_server}, format="json")
    assert response.status_code in (400, 202), response.content
    if response.status_code == 400:
        assert "NUL" in response.json()["url"][0]
    assert not Document.objects.exists()
