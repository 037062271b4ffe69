"""Watching a running extraction in a real browser: progress, then the claims, no reload."""

from __future__ import annotations

import pytest

from claims.models import ExtractionJob, JobStatus
from claims.services import documents as document_services
from claims.services import jobs as job_services
from claims.tasks import extract_document
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Exports fell 12 percent in 2024, the steepest drop since 2009.\n\n"
    "The trade minister said 40,000 jobs had been lost in the sector."
)


def test_progress_is_polled_and_the_claims_appear_when_the_job_finishes(login):
    from playwright.sync_api import expect

    UserFactory(username="rita", role="researcher")
    document, _ = document_services.document_ingest(text=TEXT, title="Trade", extract=False)
    job = job_services.job_create(document=document, enqueue=False)
    ExtractionJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress_done=1, progress_total=2
    )
    page = login("rita")
    page.goto(document.get_absolute_url())
    expect(page.locator("#job-status")).to_contain_text("1 of 2 sentences")
    loaded = page.evaluate("performance.timeOrigin")

    ExtractionJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    extract_document.apply(args=(job.pk,))  # the worker finishes the job meanwhile

    expect(page.locator("#doc-live .job")).to_contain_text("Extraction finished", timeout=20_000)
    expect(page.locator("#doc-live a.hl")).to_have_count(document.claims.count())
    assert document.claims.count() == 2
    assert page.evaluate("performance.timeOrigin") == loaded  # the same page, not a reload
