"""Webhooks: deliveries to a real receiving server on loopback that verifies the signature;
retries after a 500; disabling after N failures with a mail to the administrators; no
delivery to a private address unless allowed; the events the services send."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from claims.models import ExtractionJob, JobStatus, MatchSuggestion, Webhook, WebhookDelivery
from claims.services import claims as claim_services
from claims.services import jobs as job_services
from claims.services import webhooks as webhook_services
from claims.tasks import deliver_webhook
from tests.factories import ClaimFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-the-newsroom"


class Receiver:
    """An HTTP server on 127.0.0.1 that answers the scripted status codes in turn (then
    200) and checks each request's X-Factcheck-Signature with the shared secret."""

    def __init__(self, codes=()):
        self.codes = list(codes)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {
                        "headers": dict(self.headers),
                        "body": body,
                        "verified": receiver.verify(self.headers, body),
                    }
                )
                self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def verify(headers, body: bytes) -> bool:
        """What a receiver does: recompute HMAC-SHA256 over "<t>.<body>", compare in
        constant time, refuse a timestamp older than five minutes."""
        parts = dict(item.split("=", 1) for item in headers["X-Factcheck-Signature"].split(","))
        expected = hmac.new(
            SECRET.encode(), parts["t"].encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        fresh = abs(time.time() - int(parts["t"])) < 300
        return fresh and hmac.compare_digest(expected, parts["v1"])

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    servers = []

    def start(codes=()):
        servers.append(Receiver(codes))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def allow_loopback(settings):
    settings.URL_FETCH_ALLOW_PRIVATE = True


def hook(url, events=("claim.published",), **extra) -> Webhook:
    return Webhook.objects.create(url=url, events=list(events), secret=SECRET, **extra)


def publish(editor, django_capture_on_commit_callbacks, claim=None):
    claim = claim or ClaimFactory(approved=True)
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.claim_transition(claim=claim, to="published", actor=editor)
    return claim


def test_a_published_claim_is_delivered_signed(
    receiver, allow_loopback, editor, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook = hook(server.url)
    claim = publish(editor, django_capture_on_commit_callbacks)
    [request] = server.requests
    assert request["verified"]
    assert request["headers"]["X-Factcheck-Event"] == "claim.published"
    body = json.loads(request["body"])
    assert body["event"] == "claim.published" and body["claim"]["id"] == claim.pk
    assert body["claim"]["rating"] == "False" and body["claim"]["public_url"]
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery.status == "succeeded" and delivery.response_code == 200
    assert delivery.attempts == 1 and delivery.duration_ms is not None


def test_a_tampered_body_fails_verification():
    body = b'{"event":"claim.published"}'
    header = webhook_services.webhook_signature(SECRET, int(time.time()), body)
    assert Receiver.verify({"X-Factcheck-Signature": header}, body)
    assert not Receiver.verify({"X-Factcheck-Signature": header}, body + b" ")


def test_retries_after_a_500(receiver, allow_loopback, editor, django_capture_on_commit_callbacks):
    server = receiver(codes=[500, 503])
    webhook = hook(server.url)
    publish(editor, django_capture_on_commit_callbacks)  # eager: the retries run at once
    assert len(server.requests) == 3 and all(r["verified"] for r in server.requests)
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery.status == "succeeded" and delivery.attempts == 3
    webhook.refresh_from_db()
    assert webhook.failures_in_a_row == 0 and webhook.is_active


def test_disabled_after_n_failures_and_admins_told(
    receiver, allow_loopback, settings, editor, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_RETRIES = 1
    settings.WEBHOOK_DISABLE_AFTER = 2
    UserFactory(username="root", email="root@example.org", is_superuser=True, is_staff=True)
    server = receiver(codes=[500] * 10)
    webhook = hook(server.url)
    publish(editor, django_capture_on_commit_callbacks)
    webhook.refresh_from_db()
    assert webhook.is_active and webhook.failures_in_a_row == 1 and len(server.requests) == 2
    publish(editor, django_capture_on_commit_callbacks)
    webhook.refresh_from_db()
    assert not webhook.is_active and "2 failed deliveries" in webhook.disabled_reason
    assert [m.to for m in mail.outbox if "Webhook disabled" in m.subject] == [["root@example.org"]]
    statuses = list(WebhookDelivery.objects.values_list("status", "response_code"))
    assert statuses == [("failed", 500), ("failed", 500)]
    publish(editor, django_capture_on_commit_callbacks)  # disabled: nothing more is sent
    assert len(server.requests) == 4 and WebhookDelivery.objects.count() == 2


def publish_to_a_refused_endpoint(receiver, editor, django_capture_on_commit_callbacks):
    """Publish with a webhook on a loopback receiver that must be refused: nothing reaches
    it and the delivery fails naming the private network. Returns (server, delivery)."""
    server = receiver()
    webhook = hook(server.url)
    publish(editor, django_capture_on_commit_callbacks)
    assert server.requests == []
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery.status == "failed" and "private network" in delivery.error
    return server, delivery


def test_no_delivery_to_a_private_address_unless_allowed(
    receiver, settings, editor, django_capture_on_commit_callbacks
):
    settings.URL_FETCH_ALLOW_PRIVATE = False
    server, delivery = publish_to_a_refused_endpoint(
        receiver, editor, django_capture_on_commit_callbacks
    )
    assert delivery.attempts == 1  # refused at once, not retried
    settings.URL_FETCH_ALLOW_PRIVATE = True
    publish(editor, django_capture_on_commit_callbacks)
    assert len(server.requests) == 1


def test_a_name_that_turns_private_at_connect_time_reaches_nothing(
    receiver, settings, editor, django_capture_on_commit_callbacks, monkeypatch
):
    """DNS rebinding: the check saw a public address, the connection would go to a private
    one. The delivery connects only to addresses that pass the check, so it is refused."""
    settings.URL_FETCH_ALLOW_PRIVATE = False
    monkeypatch.setattr("claims.fetch.check_public_url", lambda url, **options: [])
    publish_to_a_refused_endpoint(receiver, editor, django_capture_on_commit_callbacks)


def test_registering_a_private_url_is_refused(settings, superuser):
    settings.URL_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(Exception) as refused:
        webhook_services.webhook_save(
            actor=superuser, url="http://10.0.0.5/hook", events=["job.failed"], secret=SECRET
        )
    assert "url" in refused.value.message_dict


def test_the_events_the_services_send(
    receiver, allow_loopback, editor, django_capture_on_commit_callbacks
):
    server = receiver()
    hook(server.url, events=["claim.submitted", "claim.corrected", "job.failed"])
    claim = ClaimFactory(researching=True, assignee=editor)
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.claim_transition(claim=claim, to="in_review", actor=editor)
    claim = publish(editor, django_capture_on_commit_callbacks, ClaimFactory(approved=True))
    with django_capture_on_commit_callbacks(execute=True):  # a correction...
        claim_services.claim_transition(claim=claim, to="researching", actor=editor, note="Fix")
    claim.refresh_from_db()  # ...approved again (set directly), and published again
    claim.status = "approved"
    claim.save()
    publish(editor, django_capture_on_commit_callbacks, claim)
    job = ExtractionJob.objects.create(document=DocumentFactory(), status=JobStatus.RUNNING)
    for _ in range(2):  # failing twice sends one event
        with django_capture_on_commit_callbacks(execute=True):
            job_services.job_fail(job_id=job.pk, error="spaCy is missing")
    events = [json.loads(r["body"])["event"] for r in server.requests]
    assert events == ["claim.submitted", "claim.corrected", "job.failed"]
    assert json.loads(server.requests[-1]["body"])["job"]["error"] == "spaCy is missing"


def test_slack_format_sends_a_text_field(
    receiver, allow_loopback, editor, django_capture_on_commit_callbacks
):
    server = receiver()
    hook(server.url, payload_format="slack")
    claim = publish(editor, django_capture_on_commit_callbacks)
    body = json.loads(server.requests[0]["body"])
    assert list(body) == ["text"] and claim.text in body["text"]
    assert body["text"].startswith("Fact-check published (False)")


def test_seen_before_event(allow_loopback, receiver, django_capture_on_commit_callbacks):
    server = receiver()
    hook(server.url, events=["claim.seen_before"])
    since = timezone.now()
    claim, earlier = ClaimFactory(), ClaimFactory()
    MatchSuggestion.objects.create(claim=claim, matched_claim=earlier, score=0.9, level="probable")
    with django_capture_on_commit_callbacks(execute=True):
        webhook_services.webhooks_seen_before(since=since, claim_ids=[claim.pk, earlier.pk])
    [request] = server.requests
    body = json.loads(request["body"])
    assert body["claim"]["id"] == claim.pk and body["suggestion"]["matched_claim_id"] == earlier.pk


def test_the_task_skips_finished_and_missing_deliveries(allow_loopback, receiver):
    server = receiver()
    webhook = hook(server.url)
    done = WebhookDelivery.objects.create(webhook=webhook, event="claim.published", payload={})
    assert deliver_webhook.apply(args=[done.pk]).get() == "succeeded"
    assert deliver_webhook.apply(args=[done.pk]).get() == "succeeded"
    assert len(server.requests) == 1
    assert deliver_webhook.apply(args=[999999]).get() == "failed"


def test_a_job_that_used_up_its_attempts_sends_job_failed_once(
    receiver, allow_loopback, django_capture_on_commit_callbacks
):
    server = receiver()
    hook(server.url, events=["job.failed"])
    job = ExtractionJob.objects.create(
        document=DocumentFactory(), status=JobStatus.QUEUED, attempts=job_services.MAX_ATTEMPTS
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert job_services.job_start(job_id=job.pk) is None
    [request] = server.requests
    assert json.loads(request["body"])["job"]["error"].startswith("Gave up after")
