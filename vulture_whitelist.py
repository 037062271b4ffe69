"""Names vulture cannot see being used, for `make deadcode` (never imported).

Only framework entry points: model fields, choices and properties that the database, the
templates or a serializer's field list read by name; declared form, serializer and filter
fields; classes that settings name in a string. Conventions the frameworks call by name
(admin options, DRF hooks, management commands) are in pyproject.toml's [tool.vulture].
Dead code does not go here: delete it.
"""

from django.contrib.auth.models import User

from claims import apps, feeds, forms, matchmodels, models, scorer_models, seen
from claims.api import filters, serializers
from factcheck import health

# Named by a string in settings (INSTALLED_APPS, MIDDLEWARE).
_ = (apps.ClaimsConfig, health.HealthCheckMiddleware)

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
    serializers.DocumentListSerializer.claims_count,
    serializers.MeSerializer.unread_notifications,
    filters.ClaimFilter.score_min,
    filters.ClaimFilter.score_max,
    filters.ClaimFilter.created_after,
    filters.ClaimFilter.created_before,
    filters.ClaimFilter.published_after,
    filters.ClaimFilter.published_before,
    forms.DocumentForm.file,
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
