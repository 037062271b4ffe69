"""Fetching documents by URL against a real HTTP server on loopback."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from claims.fetch import fetch_document

PAGE = (
    "<html><head><title>Budget 2026</title><style>p{}</style></head>"
    "<body><nav>Home</nav><p>The deficit fell to 3.1 percent.</p><script>x()</script></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/page":
            self._send(200, "text/html; charset=utf-8", PAGE.encode())
        elif self.path == "/big":
            self._send(200, "text/plain", b"a" * 5000)
        elif self.path == "/pdf":
            self._send(200, "application/pdf", b"%PDF-1.4")
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):  # one byte every 0.1 s: each read is under the socket timeout
                try:
                    self.wfile.write(b"a")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
        else:
            self._send(404, "text/plain", b"missing")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server(settings):
    settings.URL_FETCH_ALLOW_PRIVATE = True
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def url_error(url):
    with pytest.raises(ValidationError) as refused:
        fetch_document(url)
    return refused.value.message_dict["url"][0]


def test_an_html_page_becomes_its_text_and_title(server):
    text, title = fetch_document(f"{server}/page")
    assert title == "Budget 2026"
    assert text == "The deficit fell to 3.1 percent."


def test_a_page_over_the_size_limit_is_refused(server, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    assert "larger than the limit" in url_error(f"{server}/big")


def test_a_binary_page_is_refused(server):
    assert "application/pdf" in url_error(f"{server}/pdf")


def test_a_missing_page_names_the_status(server):
    assert "answered 404" in url_error(f"{server}/nothing")


def test_a_server_that_trickles_is_cut_off_at_the_overall_timeout(server, settings):
    settings.URL_FETCH_TIMEOUT = 0.5
    assert "could not be fetched" in url_error(f"{server}/trickle")


def test_loopback_is_refused_unless_allowed(server, settings):
    settings.URL_FETCH_ALLOW_PRIVATE = False
    assert "private network" in url_error(f"{server}/page")


def test_a_name_that_resolves_to_a_private_address_at_connect_time_is_refused(
    server, settings, monkeypatch
):
    """DNS rebinding: the check saw a public address, the connection goes to a private one."""
    settings.URL_FETCH_ALLOW_PRIVATE = False
    monkeypatch.setattr("claims.fetch.check_public_url", lambda url: None)
    assert "private network" in url_error(f"{server}/page")
