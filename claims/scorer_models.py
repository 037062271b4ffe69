"""The learned scorer's data: labelled sentences, versioned models, training/re-scoring jobs.

Imported by claims.models (the app's model registry); writes go through claims.labels and
claims.scorers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

User = settings.AUTH_USER_MODEL


class LabelOrigin(models.TextChoices):
    IMPORT = "import", "Imported"
    DECISION = "decision", "Newsroom decision"


class LabelledSentence(models.Model):
    """One training example: imported from a labelled file, or a claim's triage decision
    (one row per claim, rewritten when the decision changes: a later change of mind wins)."""

    text = models.TextField()
    label = models.PositiveSmallIntegerField(choices=[(1, "Check-worthy"), (0, "Not check-worthy")])
    source = models.CharField(
        max_length=200, blank=True, help_text="Debate, transcript or data set it comes from."
    )
    speaker = models.CharField(max_length=200, blank=True)
    weight = models.FloatField(default=1.0)
    origin = models.CharField(max_length=10, choices=LabelOrigin.choices)
    external_id = models.CharField(
        max_length=200, null=True, blank=True, help_text="The id in the imported file."
    )
    claim = models.OneToOneField(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_label",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(origin="import"),
                name="label_unique_import_id",
            ),
            models.CheckConstraint(
                condition=(
                    Q(origin="import", external_id__isnull=False, claim__isnull=True)
                    | Q(origin="decision", claim__isnull=False)
                ),
                name="label_origin_consistent",
            ),
            models.CheckConstraint(condition=Q(label__in=[0, 1]), name="label_is_0_or_1"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="label_weight_not_negative"),
        ]
        indexes = [
            models.Index(fields=["origin", "source"], name="label_origin_source_idx"),
            models.Index(fields=["origin", "updated_at"], name="label_origin_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"


class TrainedFrom(models.TextChoices):
    IMPORTS = "imports", "Imported labels"
    DECISIONS = "decisions", "Newsroom decisions"
    BOTH = "both", "Both"


class ScorerModel(models.Model):
    """A trained check-worthiness scorer. At most one is active; extraction uses it."""

    version = models.PositiveIntegerField(unique=True, editable=False)
    params = models.JSONField(help_text="Everything the scorer needs, as plain JSON.")
    metrics = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    trained_from = models.CharField(max_length=10, choices=TrainedFrom.choices)
    is_active = models.BooleanField(default=False)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The model that was active before this one: where a rollback goes.",
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="scorer_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"Scorer v{self.version}{' (active)' if self.is_active else ''}"

    @property
    def label(self) -> str:
        """What claims record as their scorer_version."""
        return f"v{self.version}"


class ScorerJobKind(models.TextChoices):
    TRAIN = "train", "Train a model"
    RESCORE = "rescore", "Re-score new claims"


class ScorerJob(models.Model):
    """A training or re-scoring run in the worker, with progress for the page."""

    kind = models.CharField(max_length=10, choices=ScorerJobKind.choices)
    status = models.CharField(
        max_length=10,
        choices=[
            ("queued", "Queued"),
            ("running", "Running"),
            ("succeeded", "Succeeded"),
            ("failed", "Failed"),
        ],
        default="queued",
    )
    options = models.JSONField(default=dict, blank=True)
    document = models.ForeignKey(
        "claims.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    model = models.ForeignKey(
        ScorerModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in ("succeeded", "failed")

    @property
    def progress_percent(self) -> int:
        if self.status == "succeeded":
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
