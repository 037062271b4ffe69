"""The data model. Writes go through `claims.services`; see DESIGN.md section 3."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from claims.documentmodels import (  # noqa: F401  (the documents' models, registered here)
    Document,
    DocumentKind,
    ExtractionJob,
    JobStatus,
)
from claims.speakernames import names_someone
from claims.workflow import Status

User = settings.AUTH_USER_MODEL


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
    text = models.TextField(help_text="The span as found in the document (never edited).")
    claim_text = models.TextField(
        blank=True, help_text="The wording to publish; the span as found when empty."
    )
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

    @property
    def wording(self) -> str:
        """What the fact-check publishes: the edited wording, else the span as found."""
        return self.claim_text or self.text

    def verdict_author_ids(self) -> set[int]:
        """Everyone who wrote any version of the verdict (from the history), for the
        four-eyes rule: re-saving someone else's verdict unchanged does not make it yours."""
        return set(
            self.events.filter(action=EventAction.VERDICT, actor__isnull=False).values_list(
                "actor_id", flat=True
            )
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
    ADDED = "added", "Added by hand"
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
