"""Names vulture cannot see being used, for `make deadcode` (never imported).

Only framework entry points: model fields, choices and properties that the database, the
templates or a serializer's field list read by name; declared form, serializer and filter
fields; classes that settings name in a string. Conventions the frameworks call by name
(admin options, DRF hooks, management commands) are in pyproject.toml's [tool.vulture].
Dead code does not go here: delete it.
"""

from django.contrib.auth.models import User

from claims import (
    apps,
    auth_backend,
    charts,
    feeds,
    forms,
    matchmodels,
    models,
    scorer_models,
    seen,
    webhook_models,
)
from claims.api import (
    authentication,
    filters,
    pagination,
    permissions,
    schema,
    serializers,
    stats,
    throttles,
)
from factcheck import failures, headers, health, ratelimit, urls

# Named by a string in settings (INSTALLED_APPS, MIDDLEWARE, AUTHENTICATION_BACKENDS,
# REST_FRAMEWORK, AXES_LOCKOUT_CALLABLE, SPECTACULAR_SETTINGS).
_ = (apps.ClaimsConfig, health.HealthCheckMiddleware, auth_backend.PermissionBackend)
_ = (
    authentication.TokenWithPermissionsAuthentication,
    filters.RequestedFilterBackend,
    filters.RequestedFilterBackend.get_filterset,
    pagination.PagePagination,
    permissions.IsTeamMember,
    schema.FactcheckAutoSchema,
)
_ = (failures.ApiErrorMiddleware, failures.ApiErrorMiddleware.process_exception)
_ = (headers.SecurityHeadersMiddleware, ratelimit.lockout_response)
_ = (throttles.AnonymousRateThrottle, throttles.WriteRateThrottle, throttles.document_throttling)
# Django's error handlers, found by name in the root urlconf.
_ = (urls.handler400, urls.handler403, urls.handler404, urls.handler500)

# Choices: stored values, offered in forms and the API schema, never spelled in Python.
_ = (
    models.DocumentKind.TRANSCRIPT,
    models.DocumentKind.STATEMENT,
    models.DocumentKind.SOCIAL_POST,
    models.DocumentKind.SPEECH,
    models.ClaimType.QUANTITY,
    models.ClaimType.EVENT,
    models.ClaimType.PERSONAL,
    models.ClaimType.OTHER,
    models.Priority.LOW,
    models.Priority.HIGH,
    models.Priority.URGENT,
    models.Stance.SUPPORTS,
    models.Stance.REFUTES,
    # Written as values on the transition rows of claims.workflow (which models imports).
    models.NotificationKind.REVIEW_REQUESTED,
    models.NotificationKind.CHANGES_REQUESTED,
)

# Model fields written by the services and read by templates, serializers and the admin
# through field names.
_ = (
    models.ExtractionJob.claims_found,
    models.ExtractionJob.save_seconds,
    models.ExtractionJob.enqueued_at,
    models.Claim.checked_elsewhere,
    models.Claim.updated_at,
    models.Evidence.added_by,
    models.Evidence.added_at,
    models.Notification.recipient,
    models.Notification.read_at,
    matchmodels.ExternalFactCheck.imported_at,
    scorer_models.ScorerModel.trained_from,
    scorer_models.ScorerModel.activated_at,
    scorer_models.ScorerModel.activated_by,
    User.is_staff,
)

# Properties the templates and serializers read.
_ = (
    models.ExtractionJob.progress_percent,
    models.ExtractionJob.duration_seconds,
    seen.SeenBefore.can_resolve,
)

# Declared form, serializer and filter fields (collected by the frameworks' metaclasses).
_ = (
    serializers.MeSerializer.unread_notifications,
    filters.ClaimFilter.score_min,
    filters.ClaimFilter.score_max,
    filters.ClaimFilter.created_after,
    filters.ClaimFilter.created_before,
    filters.ClaimFilter.published_after,
    filters.ClaimFilter.published_before,
    forms.DocumentForm.file,
)

# The statistics charts: read by the template claims/_chart.html.
_ = (
    charts.Chart.is_empty,
    charts.Chart.legend,
    charts.Label.anchor,
)

# The webhook delivery log's columns, written by claims.services.webhooks through update().
_ = (
    webhook_models.WebhookDelivery.response_code,
    webhook_models.WebhookDelivery.duration_ms,
)

# The statistics API's declared output fields (collected by DRF's serializer metaclass).
_ = (
    stats.DayCountsSerializer.selected,
    stats.DayCountsSerializer.dismissed,
    stats.TimingSerializer.median_hours,
    stats.TimingSerializer.p90_hours,
    stats.StatsSerializer.period,
    stats.StatsSerializer.timings,
    stats.StatsSerializer.verdicts,
    stats.StatsSerializer.top_speakers_published,
    stats.StatsSerializer.top_speakers_false,
)

# The syndication framework's Feed hooks (looked up by name on the feed class).
_ = (
    feeds.FactCheckFeed.item_title,
    feeds.FactCheckFeed.item_description,
    feeds.FactCheckFeed.item_link,
    feeds.FactCheckFeed.item_guid,
    feeds.FactCheckFeed.item_guid_is_permalink,
    feeds.FactCheckFeed.item_pubdate,
    feeds.FactCheckFeed.item_updateddate,
    feeds.FactCheckFeed.item_author_name,
    feeds.FactCheckFeed.item_categories,
    feeds.FactCheckAtomFeed.feed_type,
    feeds.FactCheckAtomFeed.subtitle,
)
