"""Honest failures. A database or broker that cannot be reached is a 503 with Retry-After
(the request may be repeated), not a 500; under /api/ every error, 404, 500 and 503
included, is JSON, so API clients never have to parse an HTML page."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("factcheck.failures")

# What "cannot be reached" looks like: the database (connection refused, closed, failover),
# the Celery broker, the shared cache.
UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    BrokerError,
    RedisConnectionError,
    RedisTimeoutError,
)


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def service_unavailable(request, error: Exception) -> HttpResponse:
    retry_after = settings.UNAVAILABLE_RETRY_AFTER
    message = "A service this request needs is unavailable for a moment. Try again shortly."
    if is_api(request):
        response = JsonResponse({"detail": message, "retry_after": retry_after}, status=503)
    else:
        html = render_to_string("503.html", {"message": message, "retry_after": retry_after})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after)
    return response


class ApiErrorMiddleware:
    """Turns an unreachable database or broker into a 503, and any other exception a view
    raises under /api/ into a JSON 500 (logged with its traceback as Django logs a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            logger.error("Service unavailable: %s %s", request.method, request.path, exc_info=True)
            return service_unavailable(request, exception)
        if is_api(request) and not settings.DEBUG:  # DEBUG: Django's technical page
            logger.error("Server error: %s %s", request.method, request.path, exc_info=True)
            return _server_error(request)
        return None


def _json_or(page, status: int, detail: str):
    def view(request, *args, **kwargs):
        if is_api(request):
            return JsonResponse({"detail": detail}, status=status)
        return page(request, *args, **kwargs)

    return view


# handler400/403/404/500 in factcheck.urls: JSON under /api/, Django's pages elsewhere.
bad_request = _json_or(defaults.bad_request, 400, "Bad request.")
permission_denied = _json_or(defaults.permission_denied, 403, "You may not do this.")
page_not_found = _json_or(defaults.page_not_found, 404, "Not found.")
_server_error = _json_or(
    defaults.server_error, 500, "Server error: it has been logged. Try again later."
)


def server_error(request):
    """handler500. Django calls it while handling the exception, so an unreachable service
    met outside a view (a middleware reading the session, say) is still a 503."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        return service_unavailable(request, error)
    return _server_error(request)
