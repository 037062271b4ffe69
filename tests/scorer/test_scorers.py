"""Training, activation, rollback, the active scorer in extraction, re-scoring and jobs,
through the services (the faces are tested in test_faces.py)."""

import logging
import re

import pytest
from django.core.management import CommandError, call_command

from claims import scorers
from claims.extraction.pipeline import score_sentences
from claims.models import Claim, ScorerJob, ScorerModel
from claims.services import claims as claim_services
from claims.services import documents as document_services
from claims.workflow import PermissionRefused, Status, WorkflowError
from tests.factories import ClaimFactory, DocumentFactory
from tests.scorer.conftest import NEGATIVE, POSITIVE

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Unemployment fell to 3.9 percent in 2019, the lowest rate since 1969. "
    "Thank you very much, it is great to be here tonight. "
    "The city budget grew by $2 million last year."
)


def test_training_from_decisions_uses_the_latest_decision(decisions, editor):
    model = scorers.scorer_train(actor=editor, from_imports=False, from_decisions=True)
    assert model.version == 1 and model.trained_from == "decisions"
    assert model.counts["examples"] == 21  # 10 + 10 + the change of mind; not the restored one
    assert model.counts["positives"] == 11
    assert model.counts["groups"] == 3  # folds by document
    assert (model.counts["decisions"], model.counts["imports"]) == (21, 0)
    assert model.created_by == editor and not model.is_active
    for key in ("precision", "recall", "f1", "ap", "threshold", "decision_threshold"):
        assert 0.0 <= model.metrics[key] <= 1.0


def test_a_model_trained_on_separable_examples_ranks_them(trained):
    scorer = scorers.scorer_load(trained[0])
    scored = score_sentences(
        ["Inflation rose 5 percent in 2021.", "Thank you and welcome, everyone."], scorer=scorer
    )
    assert scored[0].score > scored[1].score
    assert scored[0].reasons  # the n-grams that moved the score


def test_training_with_too_few_labels_is_refused_with_a_reason(editor):
    with pytest.raises(scorers.TrainingRefused, match="(?i)too few examples"):
        scorers.scorer_train(actor=editor)
    assert not ScorerModel.objects.exists()


def test_activation_and_rollback(trained, editor):
    first, second = trained
    scorers.scorer_activate(model=first, actor=editor)
    scorers.scorer_activate(model=second, actor=editor)
    assert list(ScorerModel.objects.filter(is_active=True)) == [second]
    second.refresh_from_db()
    assert second.activated_by == editor and second.previous == first
    assert scorers.scorer_rollback(actor=editor) == first
    assert list(ScorerModel.objects.filter(is_active=True)) == [first]
    assert scorers.scorer_rollback(actor=editor) is None  # first had none before it: rules
    assert not ScorerModel.objects.filter(is_active=True).exists()
    with pytest.raises(WorkflowError, match="already in use"):
        scorers.scorer_rollback(actor=editor)


def test_only_editors_train_activate_roll_back_or_rescore(trained, researcher):
    with pytest.raises(PermissionRefused):
        scorers.scorer_activate(model=trained[0], actor=researcher)
    with pytest.raises(PermissionRefused):
        scorers.scorer_rollback(actor=researcher)
    with pytest.raises(PermissionRefused):
        scorers.scorer_train(actor=researcher)
    with pytest.raises(PermissionRefused):
        scorers.scorer_train_start(actor=researcher)
    with pytest.raises(PermissionRefused):
        scorers.claims_rescore(actor=researcher)
    assert not ScorerModel.objects.filter(is_active=True).exists()
    assert not ScorerJob.objects.exists()


def _ingest(capture, text=ARTICLE):
    with capture(execute=True):
        document, _ = document_services.document_ingest(text=text, title="Article")
    return document


def test_extraction_records_the_active_model_on_each_claim(
    trained, editor, django_capture_on_commit_callbacks
):
    rules_document = _ingest(django_capture_on_commit_callbacks)
    assert set(rules_document.claims.values_list("scorer_version", flat=True)) == {"rules"}
    scorers.scorer_activate(model=trained[1], actor=editor)
    document = _ingest(django_capture_on_commit_callbacks, ARTICLE + " Taxes rose by 4 percent.")
    claims = list(document.claims.all())
    assert claims and {c.scorer_version for c in claims} == {"v2"}
    threshold = scorers.active_scorer_and_version()[0].threshold
    assert all(c.score >= threshold for c in claims)
    assert any(re.search(r"\([+-]\d", r) for c in claims for r in c.reasons)  # signed effects


@pytest.mark.parametrize("params", [{"format": "something else"}, {}, {"format": "tfidf-logreg/1"}])
def test_a_corrupt_or_missing_model_falls_back_to_the_rules_with_one_warning(
    params, caplog, django_capture_on_commit_callbacks
):
    ScorerModel.objects.create(version=1, params=params, trained_from="imports", is_active=True)
    with caplog.at_level(logging.WARNING, logger="claims.scorers"):
        assert scorers.active_scorer_and_version()[0] is None
        assert scorers.active_scorer_and_version()[0] is None
        document = _ingest(django_capture_on_commit_callbacks)
    warnings = [r for r in caplog.records if r.name == "claims.scorers"]
    assert len(warnings) == 1 and "rule scorer" in warnings[0].getMessage()
    assert set(document.claims.values_list("scorer_version", flat=True)) == {"rules"}


def test_rescoring_changes_only_new_claims(trained, editor, django_capture_on_commit_callbacks):
    document = DocumentFactory()
    fresh = ClaimFactory(document=document, text=POSITIVE[0], score=0.5, reasons=["old"])
    chatter = ClaimFactory(document=document, text=NEGATIVE[0], score=0.5, reasons=["old"])
    selected = ClaimFactory(document=document, text=POSITIVE[1], score=0.5, reasons=["old"])
    claim_services.claim_transition(claim=selected, to=Status.SELECTED, actor=editor)
    dismissed = ClaimFactory(document=document, text=NEGATIVE[1], score=0.5, reasons=["old"])
    claim_services.claim_transition(claim=dismissed, to=Status.DISMISSED, actor=editor, note="no")
    elsewhere = ClaimFactory(text=POSITIVE[2], score=0.5, reasons=["old"])
    scorers.scorer_activate(model=trained[0], actor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        job = scorers.claims_rescore(document=document, actor=editor)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.result == {"claims": 2, "rescored": 2, "scorer_version": "v1"}
    assert job.progress_done == job.progress_total == 2
    fresh, chatter = Claim.objects.get(pk=fresh.pk), Claim.objects.get(pk=chatter.pk)
    assert fresh.scorer_version == chatter.scorer_version == "v1"
    assert fresh.score > chatter.score and fresh.reasons != ["old"]
    for untouched in (selected, dismissed, elsewhere):
        claim = Claim.objects.get(pk=untouched.pk)
        assert (claim.score, claim.reasons, claim.scorer_version) == (0.5, ["old"], "rules")


def test_the_train_task_reports_progress_and_stores_the_model(
    imported, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = scorers.scorer_train_start(actor=editor, from_decisions=False, activate=True)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.progress_total > 0 and job.progress_done == job.progress_total
    assert job.model.version == job.result["version"] == 1 and job.model.is_active
    assert set(job.result["metrics"]) >= {"precision", "recall", "f1", "ap", "threshold"}


def test_a_failed_training_job_says_why(editor, django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        job = scorers.scorer_train_start(actor=editor)
    job.refresh_from_db()
    assert job.status == "failed" and "too few examples" in job.error
    assert job.finished_at is not None
    # A refusal is not a crash: logged as a warning, without a traceback.
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert refusals and all(r.exc_info is None for r in caplog.records)


def test_train_scorer_command_prints_the_figures(imported, capsys):
    call_command("train_scorer", "--from-imports", "--activate")
    out = capsys.readouterr().out
    for key in ("precision:", "recall:", "f1:", "ap:", "threshold:", "decision_threshold:"):
        assert f"\n{key}" in out
    assert "active: yes" in out
    model = ScorerModel.objects.get()
    assert model.is_active and model.created_by is None and model.trained_from == "imports"


def test_train_scorer_command_without_labels_is_a_clear_error(db):
    with pytest.raises(CommandError, match="(?i)too few examples"):
        call_command("train_scorer")


def test_evaluate_scorer_uses_the_active_model_unless_told(trained, editor, label_file, capsys):
    scorers.scorer_activate(model=trained[0], actor=editor)
    call_command("evaluate_scorer", label_file)
    out = capsys.readouterr().out
    assert "scorer: v1" in out and "\nf1: " in out and "\nap: " in out and "\nmap: " in out
    call_command("evaluate_scorer", label_file, "--rules")
    assert "scorer: rules" in capsys.readouterr().out
    call_command("evaluate_scorer", label_file, "--model", "2")
    assert "scorer: v2" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no scorer model v9"):
        call_command("evaluate_scorer", label_file, "--model", "9")


def test_score_sentences_uses_the_active_model(trained, editor, label_file, capsys):
    scorers.scorer_activate(model=trained[0], actor=editor)
    call_command("score_sentences", label_file)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id\tscore\tcheckworthy")
    assert any(re.search(r"\([+-]\d", line) for line in lines[1:])  # signed effects


def test_rescore_claims_command(trained, editor, capsys):
    claim = ClaimFactory(text=POSITIVE[3], score=0.5)
    scorers.scorer_activate(model=trained[1], actor=editor)
    call_command("rescore_claims")
    assert "1 of 1 new claims re-scored with v2" in capsys.readouterr().out
    assert Claim.objects.get(pk=claim.pk).scorer_version == "v2"
    with pytest.raises(CommandError, match="no document with id 999"):
        call_command("rescore_claims", "--document", "999")


def test_the_sweep_resends_queued_scorer_jobs_and_fails_abandoned_ones(
    trained, editor, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from claims.tasks import requeue_stale_jobs

    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    ClaimFactory(text=POSITIVE[4])
    lost = ScorerJob.objects.create(kind="rescore", created_by=editor)
    ScorerJob.objects.filter(pk=lost.pk).update(created_at=long_ago)
    killed = ScorerJob.objects.create(kind="train", status="running", started_at=long_ago)
    fresh = ScorerJob.objects.create(kind="train", status="running", started_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_jobs.apply().get() == 2
    lost.refresh_from_db(), killed.refresh_from_db(), fresh.refresh_from_db()
    assert lost.status == "succeeded" and lost.result["rescored"] == 1
    assert killed.status == "failed" and "worker stopped" in killed.error
    assert fresh.status == "running"
