"""`/healthz`: answered before host validation and the HTTPS redirect, so a container
health check on 127.0.0.1 works whatever ALLOWED_HOSTS and HTTPS say.

A JSON body names the database and the broker, each "ok" or why not; 503 when either is
down. Without a broker (tasks run in-process) the broker is "not used"."""

from celery import current_app
from django.db import connection
from django.http import JsonResponse

BROKER_TIMEOUT = 2  # seconds: a health check must answer quickly


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # the point is to report it, not to raise it
        return f"unavailable: {type(error).__name__}"
    return "ok"


def broker_state() -> str:
    if current_app.conf.task_always_eager:
        return "not used (tasks run in-process)"
    try:
        with current_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT)
    except Exception as error:  # the point is to report it, not to raise it
        return f"unavailable: {type(error).__name__}"
    return "ok"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        states = {"database": database_state(), "broker": broker_state()}
        healthy = all(not state.startswith("unavailable") for state in states.values())
        body = {"status": "ok" if healthy else "unavailable", **states}
        response = JsonResponse(body, status=200 if healthy else 503)
        if not healthy:
            response["Retry-After"] = "30"
        return response
