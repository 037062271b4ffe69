"""`/healthz`: answered before host validation and the HTTPS redirect, so a container
health check on 127.0.0.1 works whatever ALLOWED_HOSTS and HTTPS say."""

from django.db import connection
from django.http import HttpResponse


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as error:  # the point is to report it, not to raise it
            return HttpResponse(f"database unavailable: {type(error).__name__}", status=503)
        return HttpResponse("ok", content_type="text/plain")
