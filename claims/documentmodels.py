"""Documents and their extraction jobs (imported into `claims.models`, which registers them
with the app; import them from there)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from claims.timezones import zone_for

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
    # The time zone the publication date is given in (an IANA name, or a fixed offset such
    # as "+01:00"), so the claim's date is the source's local date, not UTC's.
    published_tz = models.CharField(max_length=64, blank=True)
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

    @property
    def published_local(self) -> datetime | None:
        """The publication date and time in the document's own time zone (UTC if unknown)."""
        if self.published_at is None:
            return None
        return self.published_at.astimezone(zone_for(self.published_tz))


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
