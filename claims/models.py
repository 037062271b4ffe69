"""The data model. Writes go through `claims.services`; see DESIGN.md section 3."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from claims.speakernames import names_someone
from claims.workflow import Status

User = settings.AUTH_USER_MODEL


class DocumentKind(models.TextChoices):
    ARTICLE = "article", "Article"
    TRANSCRIPT = "transcript", "Transcript"
    STATEMENT = "statement", "Statement"
    SOCIAL_POST = "social_post", "Social post"
    SPEECH = "speech", "Speech"
    OPINION = "opinion", "Opinion piece"


class Document(models.Model):
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default="article")
    language = models.CharField(max_length=10, default="en")
    # Normalized once at ingest and never changed: claim offsets point into it.
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at"], name="document_created_idx"),
            models.Index(fields=["publisher"], name="document_publisher_idx"),
            models.Index(fields=["-published_at"], name="document_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Document {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("claims:document", args=[self.pk])


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ExtractionJob(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="jobs")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default="queued")
    extractor_version = models.CharField(max_length=40)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    sentences = models.PositiveIntegerField(default=0)
    claims_found = models.PositiveIntegerField(default=0)
    claims_created = models.PositiveIntegerField(default=0)
    extract_seconds = models.FloatField(null=True, blank=True)
    save_seconds = models.FloatField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The lease, renewed with progress: silent past the task time limit = the worker is gone.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="job_status_idx")]

    def __str__(self) -> str:
        return f"Extraction of {self.document} ({self.get_status_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def progress_percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Rating(models.Model):
    """The verdict scale. `value` is the ClaimReview ratingValue (higher is truer)."""

    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    value = models.PositiveSmallIntegerField(
        unique=True, help_text="ClaimReview ratingValue: higher is truer; 0 for no position."
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-value"]

    def __str__(self) -> str:
        return self.name


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"


class Speaker(models.Model):
    """A person or organisation that makes claims, shared across documents, so that "Biden",
    "Joe Biden" and "Vice President Biden" are one speaker. Resolved and changed through
    `claims.speakers`; `name_key`, `surname` and `match_keys` are derived from the name and
    aliases there (see `claims.speakernames`)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, blank=True)
    kind = models.CharField(max_length=20, choices=SpeakerKind.choices, default=SpeakerKind.PERSON)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other full names this speaker goes by."
    )
    role = models.CharField(max_length=200, blank=True, help_text="E.g. Vice President.")
    party = models.CharField(max_length=100, blank=True)
    # One speaker per normalised name: two extraction jobs cannot create the same one twice.
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    # A person's normalised surname, for attaching "Mr. Biden" when only one Biden is known.
    surname = models.CharField(max_length=100, blank=True, editable=False)
    # "|joe biden|joseph biden|": the name's and aliases' keys, for the bulk lookup.
    match_keys = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["surname"], name="speaker_surname_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:speaker", args=[self.pk, self.slug or "speaker"])


class ClaimType(models.TextChoices):
    QUANTITY = "quantity", "Quantity"
    COMPARISON = "comparison", "Comparison"
    EVENT = "event", "Event"
    CAUSAL = "causal", "Cause and effect"
    PREDICTION = "prediction", "Prediction"
    RULE = "rule", "Law or rule"
    PERSONAL = "personal", "Personal experience"
    OTHER = "other", "Other"


class Priority(models.IntegerChoices):
    LOW = 1, "Low"
    NORMAL = 2, "Normal"
    HIGH = 3, "High"
    URGENT = 4, "Urgent"


class ClaimQuerySet(models.QuerySet):
    def for_lists(self) -> ClaimQuerySet:
        """What every list of claims shows, in one query (without the documents' text,
        which can be megabytes each)."""
        return self.select_related("document", "assignee", "rating").defer("document__text")

    def triage_queue(self) -> ClaimQuerySet:
        return self.filter(status=Status.NEW).order_by("-score", "-id")

    def published(self) -> ClaimQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Claim(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="claims")
    job = models.ForeignKey(
        ExtractionJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Character offset into the document text.")
    end = models.PositiveIntegerField()
    speaker = models.CharField(max_length=200, blank=True, help_text="As written in the text.")
    speaker_resolved = models.CharField(
        max_length=200, blank=True, help_text="Full name (the Speaker's name when there is one)."
    )
    speaker_ref = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    claim_type = models.CharField(max_length=20, choices=ClaimType.choices, default="other")
    is_quote = models.BooleanField(default=False)
    score = models.FloatField(default=0.0, help_text="Check-worthiness, 0 to 1.")
    reasons = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=list, blank=True)
    quantities = models.JSONField(default=list, blank=True)
    extractor_version = models.CharField(max_length=40, blank=True)
    scorer_version = models.CharField(
        max_length=20,
        default="rules",
        help_text="“rules”, or the learned model (v3) that scored it.",
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    submitted_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_claims",
        help_text="Who sent the verdict to review; may not approve it.",
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    due_at = models.DateTimeField(null=True, blank=True)
    rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    verdict_summary = models.CharField(max_length=500, blank=True)
    verdict_explanation = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    slug = models.SlugField(max_length=80, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    checked_elsewhere = models.ForeignKey(
        "claims.ExternalFactCheck",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmed_claims",
        help_text="An earlier fact-check by another organisation, confirmed by a person.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["document_id", "start"]
        permissions = [("review_claim", "Can review, approve and publish fact-checks")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "start", "end"], name="claim_unique_document_span"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_between_0_and_1"
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_order"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="claim_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-score", "-id"], name="claim_queue_idx"),
            models.Index(fields=["assignee", "status", "due_at"], name="claim_assignee_idx"),
            models.Index(fields=["status", "-published_at"], name="claim_published_idx"),
            models.Index(fields=["-created_at"], name="claim_created_idx"),
            models.Index(fields=["-score", "-id"], name="claim_score_idx"),
            models.Index(fields=["speaker_resolved"], name="claim_speaker_idx"),
            models.Index(fields=["slug"], name="claim_slug_idx"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    def get_absolute_url(self) -> str:
        return reverse("claims:claim", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("claims:fact_check", args=[self.pk, self.slug or "claim"])

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def speaker_name(self) -> str:
        """The resolved name, else as written; never a pronoun ("he", "They")."""
        return next((n for n in (self.speaker_resolved, self.speaker) if names_someone(n)), "")

    def verdict_author_id(self) -> int | None:
        """Who last set the verdict (from the history), for the four-eyes rule."""
        return (
            self.events.filter(action=EventAction.VERDICT)
            .order_by("-created_at", "-id")
            .values_list("actor_id", flat=True)
            .first()
        )


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports the claim"
    REFUTES = "refutes", "Refutes the claim"
    CONTEXT = "context", "Context"


class Evidence(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    # PROTECT: history keeps who acted; a departed user is deactivated, not deleted.
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title or self.url


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned to you"
    REVIEW_REQUESTED = "review_requested", "Review requested"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Notification(models.Model):
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="notifications")
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message


class EventAction(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    TRANSITION = "transition", "Status changed"
    ASSIGNED = "assigned", "Assigned"
    VERDICT = "verdict", "Verdict set"
    EVIDENCE = "evidence", "Evidence added"
    COMMENT = "comment", "Comment"
    DUPLICATE = "duplicate", "Duplicate marked"
    UPDATED = "updated", "Details updated"
    MATCH_CONFIRMED = "match_confirmed", "Seen before: confirmed"
    MATCH_REJECTED = "match_rejected", "Seen before: rejected"
    SPEAKER = "speaker", "Speaker changed"


class AppendOnlyError(Exception):
    pass


class ClaimEvent(models.Model):
    """The append-only history of a claim: written with the change, never edited."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    # No actor: the system acted (a job). A user who acted cannot be deleted (PROTECT).
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=20, choices=EventAction.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="event_claim_idx"),
            models.Index(fields=["action", "created_at"], name="event_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor or 'system'}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Claim history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Claim history is append-only.")


# The learned scorer's models live in their own module; registered here with the app.
# The "seen before" models live in their own module; imported here so Django registers them.
from claims.matchmodels import (  # noqa: E402, F401
    EXTERNAL_RECORD_FIELDS,
    ExternalFactCheck,
    MatchLevel,
    MatchSuggestion,
    MatchVector,
    SuggestionState,
    VectorOwner,
)
from claims.scorer_models import (  # noqa: E402, F401
    LabelledSentence,
    LabelOrigin,
    ScorerJob,
    ScorerJobKind,
    ScorerModel,
    TrainedFrom,
)
from claims.webhook_models import Webhook, WebhookDelivery  # noqa: E402, F401
