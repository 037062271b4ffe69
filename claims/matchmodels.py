"""The data model of "seen before": the external archive, stored vectors, suggestions.

Imported by `claims.models` (so Django finds these models); writes go through
`claims.factchecks` (the archive) and `claims.suggestions` (suggestions).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# What an import sets on an external fact-check (and what the admin and the API show).
EXTERNAL_RECORD_FIELDS = (
    "publisher",
    "claim_text",
    "title",
    "speaker",
    "claim_date",
    "review_date",
    "rating_text",
    "language",
    "url",
    "external_id",
)


class ExternalFactCheck(models.Model):
    """A fact-check published by another organisation: matched against, shown in search and
    "seen before", never put through the newsroom's workflow."""

    source = models.CharField(
        max_length=100, blank=True, help_text="The feed or file it was imported from."
    )
    external_id = models.CharField(
        max_length=200, blank=True, help_text="Its id in that source (unique per source)."
    )
    url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    publisher = models.CharField(max_length=200, blank=True)
    claim_text = models.TextField(help_text="The claim as checked.")
    title = models.CharField(max_length=500, blank=True, help_text="The fact-check's headline.")
    speaker = models.CharField(max_length=200, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    rating_text = models.CharField(max_length=200, blank=True, help_text="The verdict as given.")
    language = models.CharField(max_length=10, default="en")
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = "external fact-check"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="external_unique_source_id",
            ),
        ]
        indexes = [models.Index(fields=["publisher"], name="external_publisher_idx")]

    def __str__(self) -> str:
        text = self.title or self.claim_text
        return text if len(text) <= 80 else text[:77] + "…"

    @property
    def has_verdict(self) -> bool:
        return bool(self.rating_text.strip())


class VectorOwner(models.TextChoices):
    CLAIM = "claim", "Own claim"
    EXTERNAL = "external", "External fact-check"


class MatchVector(models.Model):
    """A sentence vector of a claim or an external fact-check, float32 little-endian bytes.

    Kept apart from the rows it describes (one table, any owner, any encoder) so that moving
    to pgvector is one migration: add a `vector(dim)` column filled from these bytes."""

    owner_kind = models.CharField(max_length=10, choices=VectorOwner.choices)
    object_id = models.PositiveBigIntegerField()
    model = models.CharField(max_length=100, help_text="The encoder's name.")
    dim = models.PositiveSmallIntegerField()
    vector = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner_kind", "object_id", "model"], name="vector_unique_owner_model"
            ),
        ]
        indexes = [models.Index(fields=["model", "id"], name="vector_model_idx")]

    def __str__(self) -> str:
        return f"{self.owner_kind}:{self.object_id} ({self.model})"


class MatchLevel(models.TextChoices):
    PROBABLE = "probable", "Probably checked before"
    RELATED = "related", "Related"


class SuggestionState(models.TextChoices):
    OPEN = "open", "Open"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class MatchSuggestion(models.Model):
    """A claim probably (or loosely) checked before: by the newsroom (`matched_claim`) or by
    someone else (`external`). A person confirms or rejects it; a rejection stays, so the
    same pair is never suggested again."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="suggestions")
    matched_claim = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggested_as_match",
    )
    external = models.ForeignKey(
        ExternalFactCheck,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    score = models.FloatField()
    lexical = models.FloatField(default=0.0)
    semantic = models.FloatField(default=0.0)
    level = models.CharField(max_length=10, choices=MatchLevel.choices)
    why = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=SuggestionState.choices, default=SuggestionState.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(matched_claim__isnull=False) & Q(external__isnull=True))
                | (Q(matched_claim__isnull=True) & Q(external__isnull=False)),
                name="suggestion_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="suggestion_score_0_1"
            ),
            models.UniqueConstraint(
                fields=["claim", "matched_claim"],
                condition=Q(matched_claim__isnull=False),
                name="suggestion_unique_claim_pair",
            ),
            models.UniqueConstraint(
                fields=["claim", "external"],
                condition=Q(external__isnull=False),
                name="suggestion_unique_external_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-score", "-id"], name="suggestion_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} ~ {self.target_key} ({self.score:.2f})"

    @property
    def target_key(self) -> str:
        if self.external_id:
            return f"external:{self.external_id}"
        return f"claim:{self.matched_claim_id}"

    @property
    def target(self):
        return self.external if self.external_id else self.matched_claim

    @property
    def is_open(self) -> bool:
        return self.state == SuggestionState.OPEN
