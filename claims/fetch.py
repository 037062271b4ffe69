"""Fetching a document from a URL, server-side: without server-side request forgery, and
within one deadline whatever the server does.

`check_public_url` is the one address check and `open_checked` the one way out (webhook
deliveries use both): it resolves the host once,
refuses private addresses, IPv6 forms that carry a private IPv4 included, and returns the
addresses it accepted. The fetch connects only to those (the name is never looked up again,
so a host that answers a public address to the check and a private one to the connection,
DNS rebinding, reaches nothing), and a timer shuts its socket at URL_FETCH_TIMEOUT: a server
that sends its status line, headers or body a byte a second cannot hold a web worker.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as LookupTimeout
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from claims.textimport import decode_text, text_from_html
from claims.validators import url_error

PRIVATE_MESSAGE = "This address points into a private network and cannot be fetched."

# Name lookups run here, so a resolver that hangs costs the fetch its deadline, no more (a
# lookup cannot be interrupted; a few threads bound how many can hang at once).
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fetch-resolve")
_tls = ssl.create_default_context()

# IPv6 prefixes that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052),
# IPv4-compatible (deprecated), IPv4-mapped, IPv4-translated (SIIT). Python calls some of
# them global whatever IPv4 they carry, so the IPv4 is checked on its own.
_EMBEDDING_V4 = tuple(
    ipaddress.ip_network(prefix)
    for prefix in ("64:ff9b::/96", "::/96", "::ffff:0:0/96", "::ffff:0:0:0/96")
)
# Never public, whatever this Python's ipaddress says (3.11 calls both global): site-local
# (deprecated, but routed inside some networks) and local-use NAT64 (RFC 8215), which may
# carry a private IPv4 in any of RFC 6052's layouts.
_NEVER_PUBLIC_V6 = tuple(ipaddress.ip_network(prefix) for prefix in ("fec0::/10", "64:ff9b:1::/48"))


def _refuse(message: str) -> ValidationError:
    return ValidationError({"url": message})


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if not address.is_global or address.is_multicast:
        return False
    if address.version == 4:
        return True
    if any(address in network for network in _NEVER_PUBLIC_V6):
        return False
    for network in _EMBEDDING_V4:
        if address in network:
            return _is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    embedded = address.sixtofour or (address.teredo or (None, None))[1]
    return embedded is None or _is_public(embedded)


def _checked_addresses(
    host: str, port: int, timeout: float, unknown_host_ok: bool = False
) -> list[str]:
    """The addresses `host` resolves to, each public (unless URL_FETCH_ALLOW_PRIVATE)."""
    lookup = _resolver.submit(socket.getaddrinfo, host, port, proto=socket.IPPROTO_TCP)
    try:
        infos = lookup.result(timeout=max(timeout, 0.01))
    except LookupTimeout:
        raise _refuse(f"The host “{host}” could not be found in time.") from None
    except (socket.gaierror, UnicodeError):
        if unknown_host_ok:
            return []
        raise _refuse(f"The host “{host}” could not be found.") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.URL_FETCH_ALLOW_PRIVATE:
        for address in addresses:
            if not _is_public(ipaddress.ip_address(address.split("%", 1)[0])):
                raise _refuse(PRIVATE_MESSAGE)
    return addresses


def check_public_url(
    url: str, *, timeout: float | None = None, unknown_host_ok: bool = False
) -> list[str]:
    """Refuse a URL that is not http(s) or whose host resolves to any private, loopback,
    link-local, site-local or reserved address (IPv6 forms embedding such an IPv4 included),
    unless URL_FETCH_ALLOW_PRIVATE is set. Returns the addresses checked: connect to those.
    `unknown_host_ok` accepts a host that does not resolve here and now (registering a
    webhook: every delivery checks again before it connects)."""
    if problem := url_error(url):
        raise _refuse(problem)
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise _refuse("The port in this address is not valid.") from None
    limit = settings.URL_FETCH_TIMEOUT if timeout is None else timeout
    return _checked_addresses(parts.hostname or "", port, limit, unknown_host_ok)


class Deadline:
    """One deadline across name lookup, connect, TLS, status line, headers and body. At the
    deadline a timer shuts the fetch's sockets down: a blocked read returns at once, however
    slowly the server feeds it (a per-read socket timeout restarts with every byte)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True
        self.timer.start()

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0 or self.expired:
            raise TimeoutError("the deadline passed")
        return left

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):  # closed already
                    sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.timer.cancel()

    def connect(self, host: str, port: int) -> socket.socket:
        """A socket to one of the checked addresses of `host`."""
        error: OSError | None = None
        for address in _checked_addresses(host, port, self.remaining()):
            try:
                sock = socket.create_connection((address, port), timeout=self.remaining())
            except OSError as failed:
                error = failed
                continue
            with self.lock:
                self.sockets.append(sock)
                if self.expired:
                    sock.shutdown(socket.SHUT_RDWR)
            return sock
        raise error or OSError(f"no address for {host}")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, *, deadline: Deadline, **kwargs):
        super().__init__(host, **kwargs)
        self.deadline = deadline

    def connect(self):
        self.sock = self.deadline.connect(self.host, self.port)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, *, deadline: Deadline, **kwargs):
        super().__init__(host, **kwargs)
        self.deadline = deadline

    def connect(self):
        sock = self.deadline.connect(self.host, self.port)
        self.sock = _tls.wrap_socket(sock, server_hostname=self.host)


class _PinnedHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline):
        urllib.request.HTTPHandler.__init__(self)
        urllib.request.HTTPSHandler.__init__(self, context=_tls)
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(functools.partial(_PinnedHTTPConnection, deadline=self.deadline), req)

    def https_open(self, req):
        connection = functools.partial(_PinnedHTTPSConnection, deadline=self.deadline, context=_tls)
        return self.do_open(connection, req)


class _CheckedRedirect(urllib.request.HTTPRedirectHandler):
    def __init__(self, deadline: Deadline):
        self.deadline = deadline

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_public_url(newurl, timeout=self.deadline.remaining())
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_at_most(response, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = response.read(min(64 * 1024, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx is the server's answer, not a place to go (webhooks: the body stays ours)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@contextlib.contextmanager
def open_checked(request: urllib.request.Request, deadline: Deadline, *, follow_redirects: bool):
    """Open `request` within `deadline` (cancelled on the way out), connecting only to
    addresses that pass the check (looked up once, then pinned), redirects checked the same
    way or not followed, no proxy from the environment (it would connect past the check)."""
    redirects = _CheckedRedirect(deadline) if follow_redirects else _NoRedirects()
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _PinnedHandler(deadline), redirects
    )
    try:
        with opener.open(request, timeout=deadline.seconds) as response:
            yield response
    finally:
        deadline.cancel()


def _download(url: str, limit: int) -> tuple[str, bytes]:
    """(content type, at most `limit` bytes) of the page, within URL_FETCH_TIMEOUT."""
    request = urllib.request.Request(url, headers={"User-Agent": "factcheck/1.0"})
    deadline = Deadline(settings.URL_FETCH_TIMEOUT)
    try:
        with open_checked(request, deadline, follow_redirects=True) as response:
            content_type = response.headers.get_content_type()
            data = _read_at_most(response, limit)
    except ValidationError:
        raise
    except urllib.error.HTTPError as error:
        raise _refuse(f"The page could not be fetched: the server answered {error.code}.") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        if deadline.expired:
            raise _timed_out() from None
        reason = getattr(error, "reason", error)
        raise _refuse(f"The page could not be fetched ({reason}).") from None
    if deadline.expired:  # the shut socket read as the end of the page: it is not
        raise _timed_out()
    return content_type, data


def _timed_out() -> ValidationError:
    return _refuse(
        f"The page could not be fetched: the server did not send it within "
        f"{settings.URL_FETCH_TIMEOUT:g} seconds."
    )


def fetch_document(url: str) -> tuple[str, str]:
    """(text, title) of the page at `url`, within the size limit and the timeout."""
    check_public_url(url)
    limit = settings.DOCUMENT_MAX_BYTES
    content_type, data = _download(url, limit + 1)
    if len(data) > limit:
        raise _refuse(f"The page is larger than the limit of {limit // 1024:,} KB.")
    if content_type not in ("text/html", "text/plain", "application/xhtml+xml", "text/markdown"):
        raise _refuse(f"The page is {content_type}, not text or HTML.")
    text = decode_text(data, field="url")
    if content_type in ("text/html", "application/xhtml+xml"):
        return text_from_html(text, field="url")
    return text, ""
