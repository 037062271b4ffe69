"""Counting requests in the shared cache (settings.CACHES), and the one "too many requests"
answer: 429 with Retry-After, JSON under /api/, a page elsewhere.

Counters are fixed windows: the key carries the window's number, so Retry-After is the
honest time until the window turns, and every gunicorn worker reads the same count when the
cache is Redis (CACHE_URL)."""

from __future__ import annotations

import hashlib
import math
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string


def _key(name: str, ident: str, window: int, now: float) -> str:
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"ratelimit:{name}:{digest}:{int(now // window)}"


def seconds_left(window: int, now: float | None = None) -> int:
    """Seconds until the current window of `window` seconds turns (at least 1)."""
    now = time.time() if now is None else now
    return max(1, math.ceil(window - now % window))


def count(name: str, ident: str, window: int) -> int:
    """The requests counted for `ident` under `name` in the current window."""
    return cache.get(_key(name, ident, window, time.time()), 0)


def record(name: str, ident: str, window: int) -> int:
    """Count one more request for `ident` under `name`; the count so far in this window.
    add() then incr() is atomic in Redis and in the memory cache: concurrent requests each
    get their own number."""
    key = _key(name, ident, window, time.time())
    cache.add(key, 0, window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, window + 1)
        return 1


def too_many_requests(request: HttpRequest, retry_after: int, message: str) -> HttpResponse:
    """429 with Retry-After: JSON on the API, the error page on the site."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "retry_after": retry_after}, status=429)
    else:
        html = render_to_string(
            "429.html", {"message": message, "retry_after": retry_after}, request=request
        )
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def lockout_response(request, *args) -> HttpResponse:
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE; it also passes the
    original response and the credentials). Retry-After is the whole cool-off: the most that
    is left (the lockout ends LOGIN_COOLOFF_SECONDS after the failure that set it)."""
    minutes = math.ceil(settings.LOGIN_COOLOFF_SECONDS / 60)
    return too_many_requests(
        request,
        settings.LOGIN_COOLOFF_SECONDS,
        f"Too many failed logins for this account or from this address. "
        f"Try again in {minutes} minutes, or ask an administrator to unlock it.",
    )


class RateLimitedPasswordResetView(PasswordResetView):
    """Django's password reset, sending at most PASSWORD_RESET_EMAIL_LIMIT e-mails to one
    address and taking PASSWORD_RESET_CLIENT_LIMIT requests from one client address per
    window. The address is counted whether or not an account has it, so a 429 tells nothing
    about who has an account."""

    def post(self, request, *args, **kwargs):
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        client = get_client_ip_address(request) or "unknown"
        email = request.POST.get("email", "").strip().lower()
        over_client = record("reset-client", client, window) > settings.PASSWORD_RESET_CLIENT_LIMIT
        over_email = bool(email) and (
            record("reset-email", email, window) > settings.PASSWORD_RESET_EMAIL_LIMIT
        )
        if over_client or over_email:
            return too_many_requests(
                request,
                seconds_left(window),
                "Too many password reset requests. Check your mailbox for the link already "
                "sent, or try again later.",
            )
        return super().post(request, *args, **kwargs)
