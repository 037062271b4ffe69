"""Fetching a document from a URL, server-side, without server-side request forgery."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from claims.textimport import decode_text, text_from_html
from claims.validators import url_error


def _refuse(message: str) -> ValidationError:
    return ValidationError({"url": message})


def check_public_url(url: str) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to private, loopback or link-local
    addresses (unless URL_FETCH_ALLOW_PRIVATE is set)."""
    if problem := url_error(url):
        raise _refuse(problem)
    parts = urlsplit(url)
    if settings.URL_FETCH_ALLOW_PRIVATE:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise _refuse(f"The host “{parts.hostname}” could not be found.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise _refuse("This address points into a private network and cannot be fetched.")


def _connect_to_public_peer(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source=None):
    """socket.create_connection, then refuse a private peer. The name is resolved again
    to connect, so a host that answered a public address to check_public_url and a private
    one now (DNS rebinding) is caught here, before a byte is sent."""
    sock = socket.create_connection(address, timeout, source)
    peer = ipaddress.ip_address(sock.getpeername()[0])
    if not settings.URL_FETCH_ALLOW_PRIVATE and not peer.is_global:
        sock.close()
        raise _refuse("This address points into a private network and cannot be fetched.")
    return sock


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_to_public_peer


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_to_public_peer


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


class _NoRedirectToPrivate(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_public_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_until(response, limit: int, deadline: float) -> bytes:
    """Read at most `limit` bytes, giving up at `deadline`: the socket timeout alone lets a
    server that trickles a byte at a time hold the request for ever."""
    chunks, size = [], 0
    while size < limit:
        if time.monotonic() > deadline:
            raise TimeoutError("the server took too long to send the page")
        chunk = response.read(min(64 * 1024, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def fetch_document(url: str) -> tuple[str, str]:
    """(text, title) of the page at `url`, within the size limit and the timeout."""
    check_public_url(url)
    limit = settings.DOCUMENT_MAX_BYTES
    opener = urllib.request.build_opener(
        _CheckedHTTPHandler(), _CheckedHTTPSHandler(), _NoRedirectToPrivate()
    )
    request = urllib.request.Request(url, headers={"User-Agent": "factcheck/1.0"})
    deadline = time.monotonic() + settings.URL_FETCH_TIMEOUT
    try:
        with opener.open(request, timeout=settings.URL_FETCH_TIMEOUT) as response:
            content_type = response.headers.get_content_type()
            data = _read_until(response, limit + 1, deadline)
    except ValidationError:
        raise
    except urllib.error.HTTPError as error:
        raise _refuse(f"The page could not be fetched: the server answered {error.code}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise _refuse(f"The page could not be fetched ({reason}).") from None
    if len(data) > limit:
        raise _refuse(f"The page is larger than the limit of {limit // 1024:,} KB.")
    if content_type not in ("text/html", "text/plain", "application/xhtml+xml", "text/markdown"):
        raise _refuse(f"The page is {content_type}, not text or HTML.")
    text = decode_text(data, field="url")
    if content_type in ("text/html", "application/xhtml+xml"):
        return text_from_html(text)
    return text, ""
