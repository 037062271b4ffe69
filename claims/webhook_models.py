"""Webhooks: endpoints an administrator registers (URL, events, secret) and the log of every
delivery to them. Written through `claims.services.webhooks`; registered with the app by
`claims.models`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class WebhookEvent(models.TextChoices):
    CLAIM_PUBLISHED = "claim.published", "A fact-check was published"
    CLAIM_CORRECTED = "claim.corrected", "A published fact-check was corrected"
    CLAIM_SUBMITTED = "claim.submitted", "A verdict was submitted for review"
    JOB_FAILED = "job.failed", "An extraction job failed"
    CLAIM_SEEN_BEFORE = "claim.seen_before", "A claim was probably checked before"


class PayloadFormat(models.TextChoices):
    JSON = "json", "JSON (the event and its objects)"
    SLACK = "slack", "Slack-compatible (a `text` field)"


class Webhook(models.Model):
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text="The event names to send.")
    secret = models.CharField(
        max_length=200, help_text="Signs each body (X-Factcheck-Signature, HMAC-SHA256)."
    )
    payload_format = models.CharField(
        max_length=10, choices=PayloadFormat.choices, default=PayloadFormat.JSON
    )
    is_active = models.BooleanField(default=True)
    # Deliveries that failed in a row (after their retries); at WEBHOOK_DISABLE_AFTER the
    # webhook is disabled and the administrators are told.
    failures_in_a_row = models.PositiveIntegerField(default=0)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(help_text="The body sent (signed as compact JSON).")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["webhook", "-created_at"], name="delivery_webhook_idx")]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook} ({self.status})"
