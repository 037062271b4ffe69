"""A webhook delivery through a real Celery worker and Redis: the worker POSTs to a receiver
on loopback, gets a 500, retries after the backoff and succeeds; the signature verifies."""

from __future__ import annotations

import pytest

from claims.models import ExtractionJob, JobStatus, Webhook, WebhookDelivery
from claims.services import jobs as job_services
from tests.factories import DocumentFactory
from tests.test_webhooks import SECRET, Receiver
from tests.test_worker import broker, start_worker, wait_for  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_delivers_and_retries_after_a_500(start_worker, monkeypatch):  # noqa: F811
    monkeypatch.setenv("URL_FETCH_ALLOW_PRIVATE", "1")  # the receiver is on loopback
    monkeypatch.setenv("WEBHOOK_RETRY_DELAY", "1")
    server = Receiver(codes=[500])
    try:
        webhook = Webhook.objects.create(url=server.url, events=["job.failed"], secret=SECRET)
        worker = start_worker()
        job = ExtractionJob.objects.create(document=DocumentFactory(), status=JobStatus.RUNNING)
        job_services.job_fail(job_id=job.pk, error="The worker ran out of memory.")
        delivery = WebhookDelivery.objects.get(webhook=webhook)

        def delivered() -> bool:
            delivery.refresh_from_db()
            return delivery.status == "succeeded"

        wait_for(delivered, "the webhook delivery", worker.log)
        assert delivery.attempts == 2 and delivery.response_code == 200
        assert [r["verified"] for r in server.requests] == [True, True]
    finally:
        server.close()
