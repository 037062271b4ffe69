"""API throttles (settings.REST_FRAMEWORK): counted in the shared cache (settings.CACHES),
answered 429 with Retry-After by DRF. The rates are read from the settings at each request
(API_ANON_RATE, API_WRITE_RATE), as "number/period" with period s, min, h or d."""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous requests per client address: the public fact-check feed is the face that
    answers them (other endpoints refuse an anonymous caller before counting)."""

    def get_rate(self):
        return settings.API_ANON_RATE


class WriteRateThrottle(UserRateThrottle):
    """Writes (POST, PUT, PATCH, DELETE) per signed-in user; reads are not counted here."""

    scope = "write"

    def get_rate(self):
        return settings.API_WRITE_RATE

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return True
        return super().allow_request(request, view)


THROTTLED = {
    "description": "Too many requests: wait the seconds in the Retry-After header.",
    "headers": {
        "Retry-After": {
            "schema": {"type": "integer"},
            "description": "Seconds to wait before trying again.",
        }
    },
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


def document_throttling(result, **context):
    """drf-spectacular postprocessing hook: every operation may answer 429 (the throttles
    above, or too many wrong tokens from the caller's address)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("429", THROTTLED)
    return result
