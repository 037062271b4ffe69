"""Fetching documents by URL against a real HTTP server on loopback."""

import socket
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


# --- One deadline, whatever the server does (a raw server feeding a byte a second) ---

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"


@pytest.fixture
def drip_server():
    """drip_server(prefix): a loopback server that sends `prefix` at once, then the rest of
    a response one byte a second for up to a minute."""
    listeners: list[socket.socket] = []

    def start(prefix: bytes) -> str:
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)
        rest = (HEAD + b"a" * 100)[len(prefix) :]

        def serve():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(prefix)
                    for byte in rest[:60]:
                        conn.sendall(bytes([byte]))
                        time.sleep(1)
                except OSError:
                    return

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}/slow"

    yield start
    for listener in listeners:
        listener.close()


@pytest.mark.parametrize(
    "prefix",
    [b"", b"HTTP/1.1 200 OK\r\n", HEAD],
    ids=["status line", "headers", "body"],
)
def test_a_server_dripping_a_byte_a_second_is_cut_off_at_the_overall_deadline(
    drip_server, settings, prefix
):
    settings.URL_FETCH_ALLOW_PRIVATE = True
    settings.URL_FETCH_TIMEOUT = 2
    started = time.monotonic()
    message = url_error(drip_server(prefix))
    assert time.monotonic() - started < 3.5
    assert "did not send it within 2 seconds" in message


# --- IPv6 forms that carry a private IPv4 ---

EMBEDDING_PRIVATE = [
    "::ffff:127.0.0.1",  # IPv4-mapped
    "64:ff9b::7f00:1",  # NAT64 well-known prefix, 127.0.0.1
    "64:ff9b::a00:1",  # NAT64, 10.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64, 169.254.169.254 (cloud metadata)
    "::7f00:1",  # IPv4-compatible, 127.0.0.1
    "::c0a8:101",  # IPv4-compatible, 192.168.1.1
    "::ffff:0:7f00:1",  # IPv4-translated (SIIT), 127.0.0.1
    "::ffff:0:a00:1",  # IPv4-translated, 10.0.0.1
    "fec0::1",  # site-local
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "64:ff9b:1::a00:1",  # local-use NAT64
]


@pytest.mark.parametrize("address", EMBEDDING_PRIVATE)
def test_ipv6_forms_embedding_a_private_ipv4_are_refused_offline(address):
    from claims.fetch import check_public_url

    with pytest.raises(ValidationError) as refused:
        check_public_url(f"http://[{address}]:8080/")
    assert "private network" in refused.value.message_dict["url"][0]


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2606:4700:4700::1111", "8.8.8.8"])
def test_public_addresses_pass_the_check(address):
    from claims.fetch import check_public_url

    host = f"[{address}]" if ":" in address else address
    assert check_public_url(f"http://{host}/") == [address]


@pytest.fixture
def tripwire():
    """A loopback server that counts the connections it receives (there must be none)."""
    listener = socket.create_server(("::", 0), family=socket.AF_INET6, dualstack_ipv6=True)
    contacts: list[object] = []

    def serve():
        while True:
            try:
                conn, peer = listener.accept()
            except OSError:
                return
            contacts.append(peer)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], contacts
    listener.close()


@pytest.mark.parametrize("address", [*EMBEDDING_PRIVATE, "127.0.0.1", "::1"])
def test_a_loopback_server_behind_each_form_is_never_contacted(tripwire, address):
    port, contacts = tripwire
    host = f"[{address}]" if ":" in address else address
    assert "private network" in url_error(f"http://{host}:{port}/page")
    time.sleep(0.05)
    assert contacts == []
