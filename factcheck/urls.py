from django.contrib import admin
from django.urls import include, path

from factcheck.ratelimit import RateLimitedPasswordResetView

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's auth urls: the same name, with a limit on the e-mails it sends.
    path(
        "accounts/password_reset/",
        RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]

handler400 = "factcheck.failures.bad_request"
handler403 = "factcheck.failures.permission_denied"
handler404 = "factcheck.failures.page_not_found"
handler500 = "factcheck.failures.server_error"
