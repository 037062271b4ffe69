"""The scorer page in a real browser: a training job's progress is polled, then its result
shows without a reload."""

from __future__ import annotations

import pytest

from claims import labels
from claims.models import ScorerJob
from claims.tasks import train_scorer
from tests.factories import UserFactory
from tests.scorer.conftest import label_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_training_progress_is_polled_until_the_model_is_stored(login):
    from playwright.sync_api import expect

    editor = UserFactory(username="eddie", role="editor")
    labels.labels_import(rows=label_rows())
    job = ScorerJob.objects.create(
        kind="train",
        status="running",
        created_by=editor,
        options={"from_imports": True, "from_decisions": False},
        progress_done=2,
        progress_total=6,
    )
    page = login("eddie")
    page.goto("/scorer/")
    box = page.locator(f"#scorer-job-{job.pk}")
    expect(box).to_contain_text("2 of 6")
    loaded = page.evaluate("performance.timeOrigin")

    ScorerJob.objects.filter(pk=job.pk).update(status="queued")
    train_scorer.apply(args=(job.pk,))  # the worker trains meanwhile

    expect(box).to_contain_text("Training finished: model v1", timeout=20_000)
    assert page.evaluate("performance.timeOrigin") == loaded  # the same page, not a reload
