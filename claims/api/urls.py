"""/api/v1/... endpoints, the OpenAPI schema (/api/schema/) and its docs page (/api/docs/)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from claims.api import (
    claim_views,
    exports,
    scorer_views,
    seen_views,
    speakers,
    stats,
    views,
    webhooks,
)

app_name = "api"

router = SimpleRouter()
router.register("documents", views.DocumentViewSet, basename="document")
router.register("jobs", views.JobViewSet, basename="job")
router.register("claims", claim_views.ClaimViewSet, basename="claim")
router.register("ratings", views.RatingViewSet, basename="rating")
router.register("speakers", speakers.SpeakerViewSet, basename="speaker")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("scorer/models", scorer_views.ScorerModelViewSet, basename="scorer-model")
router.register("scorer/jobs", scorer_views.ScorerJobViewSet, basename="scorer-job")
router.register("public/fact-checks", views.PublicFactCheckViewSet, basename="fact-check")
router.register("webhooks", webhooks.WebhookViewSet, basename="webhook")
router.register("suggestions", seen_views.SuggestionViewSet, basename="suggestion")
router.register(
    "external-fact-checks", seen_views.ExternalFactCheckViewSet, basename="external-fact-check"
)

urlpatterns = [
    # Before the router: its claims/{id}/ would take "export" for an id.
    path("v1/claims/export/", exports.ClaimExportView.as_view(), name="claim-export"),
    path(
        "v1/claims/<int:pk>/history/export/",
        exports.ClaimHistoryExportView.as_view(),
        name="claim-history-export",
    ),
    path("v1/", include(router.urls)),
    path("v1/me/", views.MeView.as_view(), name="me"),
    path("v1/scorer/", scorer_views.ScorerOverviewView.as_view(), name="scorer"),
    path("v1/search/", seen_views.SearchView.as_view(), name="search"),
    path("v1/stats/", stats.StatsView.as_view(), name="stats"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from a URL: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
