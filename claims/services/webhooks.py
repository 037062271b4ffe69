"""Webhooks: registering endpoints (administrators), recording events for them, delivering.

An event (`claim.published`, ...) becomes one WebhookDelivery row per subscribed webhook,
written in the transaction of the change that caused it, and is sent by a worker after the
commit (`claims.tasks.deliver_webhook`), so a rolled-back change sends nothing and a slow
endpoint delays no one. Each attempt POSTs the payload as compact JSON with the header
`X-Factcheck-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. Outgoing
requests follow the fetch-by-URL rules (`claims.fetch`): no private or loopback peers unless
URL_FETCH_ALLOW_PRIVATE, no redirects. Failed attempts are retried with backoff by the task;
a delivery that fails its last try counts against the webhook, which is disabled after
WEBHOOK_DISABLE_AFTER such failures in a row, with an e-mail to the administrators.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims import fetch, queue, workflow
from claims.models import Claim, MatchSuggestion, SuggestionState, Webhook, WebhookDelivery
from claims.reporting_rules import webhooks_refusal
from claims.webhook_models import DeliveryStatus, PayloadFormat, WebhookEvent
from claims.workflow import Status

SIGNATURE_HEADER = "X-Factcheck-Signature"
MIN_SECRET_LENGTH = 16


# --- Registering ---


def webhook_check(*, url: str, events: Sequence[str], secret: str, payload_format: str) -> None:
    """Refuse (ValidationError naming the fields) an endpoint a delivery may not reach, an
    unknown event, a short secret or an unknown format."""
    errors: dict[str, str] = {}
    if not events or any(e not in WebhookEvent.values for e in events):
        errors["events"] = f"Give one or more of: {', '.join(WebhookEvent.values)}."
    if len(secret or "") < MIN_SECRET_LENGTH:
        errors["secret"] = f"Give a secret of at least {MIN_SECRET_LENGTH} characters."
    if payload_format not in PayloadFormat.values:
        errors["payload_format"] = f"Give one of: {', '.join(PayloadFormat.values)}."
    try:
        fetch.check_public_url(url, unknown_host_ok=True)
    except ValidationError as error:
        errors["url"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)


def webhook_save(
    *,
    actor: Any,
    webhook: Webhook | None = None,
    url: str,
    events: Sequence[str],
    secret: str,
    payload_format: str = PayloadFormat.JSON,
    is_active: bool = True,
) -> Webhook:
    """Register an endpoint for `events` (or change `webhook`). Turning a disabled webhook on
    again starts its failure count afresh."""
    workflow.enforce(webhooks_refusal(actor))
    events = list(dict.fromkeys(events))
    webhook_check(url=url, events=events, secret=secret, payload_format=payload_format)
    webhook = webhook or Webhook(created_by=actor)
    if is_active and not webhook.is_active:
        webhook.failures_in_a_row, webhook.disabled_reason = 0, ""
    webhook.url, webhook.events, webhook.secret = url, events, secret
    webhook.payload_format, webhook.is_active = payload_format, is_active
    webhook.save()
    return webhook


def webhook_delete(*, actor: Any, webhook: Webhook) -> None:
    """Remove an endpoint and its delivery log."""
    workflow.enforce(webhooks_refusal(actor))
    webhook.delete()


# --- Events ---


def _subscribers(event: str) -> list[Webhook]:
    return [
        hook
        for hook in Webhook.objects.filter(is_active=True).only("id", "events", "payload_format")
        if event in hook.events  # a handful of rows; JSON `contains` is not on SQLite
    ]


def webhooks_emit(event: str, messages: Sequence[tuple[dict[str, Any], str]]) -> int:
    """Record `event` (one per message: its payload, and its text for Slack) for every
    active webhook subscribed to it, and send the deliveries after the commit."""
    hooks = _subscribers(event) if messages else []
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook=hook,
            event=event,
            payload={"text": text}
            if hook.payload_format == PayloadFormat.SLACK
            else {"event": event, "sent_by": settings.SITE_URL, **payload},
        )
        for hook in hooks
        for payload, text in messages
    )
    for delivery in deliveries:
        queue.enqueue_on_commit(queue.DELIVER_WEBHOOK, delivery.pk)
    return len(deliveries)


def claim_payload(claim: Claim) -> dict[str, Any]:
    rating = claim.rating.name if claim.rating_id else None
    return {
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "status": claim.status,
            "speaker": claim.speaker_name,
            "rating": rating,
            "verdict_summary": claim.verdict_summary,
            "url": settings.SITE_URL + claim.get_absolute_url(),
            "public_url": settings.SITE_URL + claim.get_public_url() if claim.is_public else None,
        }
    }


def webhooks_claim_transition(claim: Claim, source: str, target: str) -> None:
    """The events a workflow step sends: submitted for review, published, or published
    again after a correction (`claim.corrected`: the verdict of a published fact-check was
    changed and is public again)."""
    if target == Status.IN_REVIEW:
        event, what = WebhookEvent.CLAIM_SUBMITTED, "Verdict submitted for review"
    elif target == Status.PUBLISHED and claim.first_published_at != claim.published_at:
        event, what = WebhookEvent.CLAIM_CORRECTED, "Fact-check corrected"
    elif target == Status.PUBLISHED:
        event, what = WebhookEvent.CLAIM_PUBLISHED, "Fact-check published"
    else:
        return
    rating = f" ({claim.rating.name})" if claim.rating_id else ""
    text = f"{what}{rating}: “{claim.text}” {settings.SITE_URL}{claim.get_absolute_url()}"
    webhooks_emit(event, [(claim_payload(claim), text)])


def webhooks_job_failed(*, job_id: int, document_id: int, error: str) -> None:
    payload = {"job": {"id": job_id, "document_id": document_id, "error": error}}
    text = f"Extraction job {job_id} failed: {error}"
    webhooks_emit(WebhookEvent.JOB_FAILED, [(payload, text)])


def webhooks_seen_before(*, since: Any, claim_ids: Sequence[int]) -> None:
    """One `claim.seen_before` event per claim that got open suggestions since `since`."""
    if not _subscribers(WebhookEvent.CLAIM_SEEN_BEFORE):
        return
    found = (
        MatchSuggestion.objects.filter(
            claim_id__in=list(claim_ids), created_at__gte=since, state=SuggestionState.OPEN
        )
        .select_related("claim", "claim__rating")
        .order_by("claim_id", "-score")
    )
    best: dict[int, MatchSuggestion] = {}
    for suggestion in found:
        best.setdefault(suggestion.claim_id, suggestion)
    messages = []
    for suggestion in best.values():
        payload = {**claim_payload(suggestion.claim), "suggestion": _suggestion_data(suggestion)}
        text = f"Probably checked before: “{suggestion.claim.text}” {payload['claim']['url']}"
        messages.append((payload, text))
    webhooks_emit(WebhookEvent.CLAIM_SEEN_BEFORE, messages)


def _suggestion_data(suggestion: MatchSuggestion) -> dict[str, Any]:
    return {
        "id": suggestion.pk,
        "score": suggestion.score,
        "level": suggestion.level,
        "matched_claim_id": suggestion.matched_claim_id,
        "external_fact_check_id": suggestion.external_id,
    }


# --- Delivering ---


def webhook_body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value: `t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _post(webhook: Webhook, delivery: WebhookDelivery) -> tuple[int | None, str, bool]:
    """One attempt: (response code, error, whether trying again may help). The address is
    checked by the fetch-by-URL check and the connection made only to the addresses checked
    (claims.fetch.open_checked), so a name that answers differently at connect time (DNS
    rebinding) reaches nothing; WEBHOOK_TIMEOUT bounds the whole attempt."""
    body = webhook_body(delivery.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "factcheck-webhooks/1.0",
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: webhook_signature(webhook.secret, int(time.time()), body),
    }
    request = urllib.request.Request(webhook.url, data=body, headers=headers, method="POST")
    deadline = fetch.Deadline(settings.WEBHOOK_TIMEOUT)
    try:
        fetch.check_public_url(webhook.url, timeout=settings.WEBHOOK_TIMEOUT)
        with fetch.open_checked(request, deadline, follow_redirects=False) as response:
            response.read(64 * 1024)
            return response.status, "", False
    except ValidationError as error:  # a private address (now): no point in retrying
        return None, " ".join(error.messages), False
    except urllib.error.HTTPError as error:
        return error.code, f"The endpoint answered {error.code}.", True
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        if deadline.expired:
            return None, f"No answer within {settings.WEBHOOK_TIMEOUT:g} seconds.", True
        return None, f"No answer: {getattr(error, 'reason', error)}", True
    finally:
        deadline.cancel()


def webhook_deliver(*, delivery_id: int, last_try: bool) -> str:
    """Try a delivery once and log it; returns its status (RETRYING: the task tries again).
    A delivery already finished, or of a disabled webhook, is not sent."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
        return delivery.status if delivery else DeliveryStatus.FAILED
    webhook = delivery.webhook
    if not webhook.is_active:
        code, error, retry, duration = None, "The webhook is disabled.", False, None
    else:
        started = time.perf_counter()
        code, error, retry = _post(webhook, delivery)
        duration = round((time.perf_counter() - started) * 1000)
    ok = code is not None and 200 <= code < 300
    if ok:
        status = DeliveryStatus.SUCCEEDED
    else:
        status = DeliveryStatus.RETRYING if retry and not last_try else DeliveryStatus.FAILED
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=status,
            attempts=F("attempts") + 1,
            response_code=code,
            duration_ms=duration,
            error=error[:500],
            finished_at=None if status == DeliveryStatus.RETRYING else timezone.now(),
        )
        if ok:
            Webhook.objects.filter(pk=webhook.pk).update(failures_in_a_row=0)
        elif status == DeliveryStatus.FAILED and webhook.is_active:
            _count_failure(webhook.pk, error)
    return status


def _count_failure(webhook_id: int, error: str) -> None:
    """One more failure in a row; at the limit, disable the webhook and tell the admins.
    The row lock makes two workers failing at once count twice and disable once."""
    webhook = Webhook.objects.select_for_update().get(pk=webhook_id)
    webhook.failures_in_a_row += 1
    fields = ["failures_in_a_row"]
    if webhook.is_active and webhook.failures_in_a_row >= settings.WEBHOOK_DISABLE_AFTER:
        webhook.is_active = False
        webhook.disabled_reason = (
            f"Disabled after {webhook.failures_in_a_row} failed deliveries in a row; "
            f"the last: {error}"
        )[:300]
        fields += ["is_active", "disabled_reason"]
        _tell_admins(webhook)
    webhook.save(update_fields=fields)


def _tell_admins(webhook: Webhook) -> None:
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    subject = f"[factcheck] Webhook disabled: {webhook.url}"[:150]
    message = (
        f"{webhook.disabled_reason}\n\nTurn it on again in the admin once the endpoint works:"
        f"\n{settings.SITE_URL}/admin/claims/webhook/{webhook.pk}/change/\n"
    )
    mails = [(subject, message, settings.DEFAULT_FROM_EMAIL, [a.email]) for a in admins]
    if mails:
        queue.enqueue_on_commit(queue.SEND_NOTIFICATION_EMAILS, mails)
