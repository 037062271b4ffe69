"""Headers every response carries: the Permissions-Policy (settings.PERMISSIONS_POLICY), and
on Django 5.2, which has no CSP middleware of its own, the Content-Security-Policy built
from settings.SECURE_CSP without its nonce (scripts are served from 'self')."""

from __future__ import annotations

from django.conf import settings


def fallback_policy(config: dict[str, list[str]]) -> str:
    """SECURE_CSP as a header value, the nonce placeholder left out."""
    return "; ".join(
        " ".join([directive, *(v for v in values if v != settings.NONCE)])
        for directive, values in config.items()
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = None if settings.BUILTIN_CSP else fallback_policy(settings.SECURE_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        return response
