"""The learned check-worthiness scorer on the Django side: train, activate, roll back,
re-score, and the active model for extraction.

Training and re-scoring are long: the faces start them as ScorerJobs (claims.scorer_jobs)
that a Celery worker runs with progress; the management commands call the same functions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from claims import labels, workflow
from claims.models import (
    Claim,
    Document,
    LabelledSentence,
    LabelOrigin,
    ScorerJob,
    ScorerJobKind,
    ScorerModel,
    TrainedFrom,
)
from claims.scorer_jobs import scorer_job_create
from claims.workflow import Status, WorkflowError

if TYPE_CHECKING:
    from claims.extraction.learned import Example, LearnedScorer

logger = logging.getLogger(__name__)

RULES = "rules"  # the scorer_version of claims scored by the rule scorer


class TrainingRefused(WorkflowError):
    """The labelled data cannot support a model (too few examples, one class only...)."""


# --- The active model, cached per process ---

_cache_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "scorer": None}


def active_scorer_and_version() -> tuple[LearnedScorer | None, str]:
    """The active learned scorer and what claims record as their scorer_version ("v3"), or
    (None, "rules"). One cheap query per call; the model is loaded once per process and
    version. A model that fails to load logs ONE warning and the rule scorer runs."""
    row = (
        ScorerModel.objects.filter(is_active=True)
        .values_list("pk", "version", "created_at")
        .first()
    )
    if row is None:
        return None, RULES
    # Keyed by the row as well as the number: a version number can come back after the
    # latest model was deleted and another trained.
    with _cache_lock:
        if _cache["key"] != row:
            _cache["scorer"] = _load(row[0], row[1])
            _cache["key"] = row
        scorer = _cache["scorer"]
    return (scorer, f"v{row[1]}") if scorer is not None else (None, RULES)


def _load(pk: int, version: int) -> LearnedScorer | None:
    from claims.extraction.learned import LearnedScorer

    params = ScorerModel.objects.filter(pk=pk).values_list("params", flat=True).first()
    try:
        return LearnedScorer.from_params(params or {})
    except (ValueError, TypeError) as error:
        logger.warning(
            "Scorer model v%s could not be loaded (%s); the rule scorer is used instead.",
            version,
            error,
        )
        return None


def scorer_load(model: ScorerModel) -> LearnedScorer:
    """A given model's scorer (for evaluation); ValueError if its parameters are invalid."""
    from claims.extraction.learned import LearnedScorer

    return LearnedScorer.from_params(model.params or {})


# --- Training ---


def training_examples(*, from_imports: bool, from_decisions: bool) -> list[Example]:
    """The labelled sentences as training examples. Folds never split a group: an imported
    sentence's source (its debate or transcript), or, when every import names one source or
    none (ClaimBuster's rows), a block of consecutive ids standing in for the debate
    (`learned.example_group`); a decision's document."""
    from claims.extraction.learned import Example, example_group

    origins = [
        o
        for o, on in ((LabelOrigin.IMPORT, from_imports), (LabelOrigin.DECISION, from_decisions))
        if on
    ]
    imports = LabelledSentence.objects.filter(origin=LabelOrigin.IMPORT)
    one_source = imports.values("source").distinct().count() <= 1
    rows = LabelledSentence.objects.filter(origin__in=origins).values_list(
        "text", "label", "weight", "origin", "source", "external_id", "claim__document_id"
    )
    return [
        Example(
            text=text,
            label=label,
            group=f"document:{document_id}"
            if origin == LabelOrigin.DECISION
            else example_group(external_id, source, one_source=one_source or not source),
            weight=weight,
        )
        for text, label, weight, origin, source, external_id, document_id in rows.iterator(
            chunk_size=5000
        )
    ]


def _trained_from(from_imports: bool, from_decisions: bool) -> str:
    if from_imports and from_decisions:
        return TrainedFrom.BOTH
    return TrainedFrom.IMPORTS if from_imports else TrainedFrom.DECISIONS


def scorer_train(
    *,
    actor: Any,
    from_imports: bool = True,
    from_decisions: bool = True,
    activate: bool = False,
    pipeline: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ScorerModel:
    """Train a new version from the labelled sentences (decisions rebuilt from the history
    first), store it with its metrics, counts, author and date, and activate it if asked.
    `actor` None is the system (a management command)."""
    from claims.extraction.learned import train  # numpy and spaCy: the worker's, not the web's

    if actor is not None:
        workflow.enforce(workflow.scorer_refusal(actor))
    if not (from_imports or from_decisions):
        raise TrainingRefused("Choose at least one source of labels.", field="from_imports")
    if from_decisions:
        labels.labels_rebuild_from_history()
    examples = training_examples(from_imports=from_imports, from_decisions=from_decisions)
    try:
        result = train(
            examples, pipeline=pipeline or settings.EXTRACTION_PIPELINE, on_progress=on_progress
        )
    except ValueError as error:
        raise TrainingRefused(f"Cannot train a model: {error}") from error
    by_origin = dict(
        LabelledSentence.objects.values_list("origin").annotate(n=Count("id")).order_by()
    )
    counts = {
        **result.counts,
        "imports": by_origin.get(LabelOrigin.IMPORT, 0) if from_imports else 0,
        "decisions": by_origin.get(LabelOrigin.DECISION, 0) if from_decisions else 0,
    }
    model = _store(
        params=result.params,
        metrics=result.metrics,
        counts=counts,
        trained_from=_trained_from(from_imports, from_decisions),
        actor=actor,
    )
    if activate:
        model = scorer_activate(model=model, actor=actor)
    return model


def _store(**fields: Any) -> ScorerModel:
    """Save with the next version number; a concurrent training that takes the same number
    makes the unique constraint fail, and this one takes the next."""
    actor = fields.pop("actor")
    for _ in range(5):
        try:
            with transaction.atomic():
                last = ScorerModel.objects.aggregate(v=Max("version"))["v"] or 0
                return ScorerModel.objects.create(
                    version=last + 1,
                    created_by=actor if getattr(actor, "pk", None) else None,
                    **fields,
                )
        except IntegrityError:
            continue
    raise WorkflowError("Could not store the model: too many trainings at once. Try again.")


# --- Activation ---


def scorer_activate(*, model: ScorerModel, actor: Any) -> ScorerModel:
    """Make `model` the active scorer; the one it replaces is where a rollback goes."""
    if actor is not None:
        workflow.enforce(workflow.scorer_refusal(actor))
    with transaction.atomic():
        current = _lock_active()
        model = ScorerModel.objects.select_for_update().get(pk=model.pk)
        if current is not None and current.pk == model.pk:
            return model
        return _switch(current, model, actor, previous=current)


def scorer_rollback(*, actor: Any) -> ScorerModel | None:
    """Go back to the model that was active before the current one (the rule scorer when
    there was none). Returns the model now active, or None for the rule scorer."""
    if actor is not None:
        workflow.enforce(workflow.scorer_refusal(actor))
    with transaction.atomic():
        current = _lock_active()
        if current is None:
            raise WorkflowError("No model is active: the rule scorer is already in use.")
        target = current.previous
        if target is None:
            ScorerModel.objects.filter(pk=current.pk).update(is_active=False)
            return None
        target = ScorerModel.objects.select_for_update().get(pk=target.pk)
        return _switch(current, target, actor, previous=target.previous)


def _lock_active() -> ScorerModel | None:
    # Locking the active row serialises two activations; the partial unique constraint
    # refuses a second active row in any case.
    return ScorerModel.objects.select_for_update().filter(is_active=True).defer("params").first()


def _switch(
    current: ScorerModel | None, target: ScorerModel, actor: Any, *, previous: ScorerModel | None
) -> ScorerModel:
    if current is not None:
        ScorerModel.objects.filter(pk=current.pk).update(is_active=False)
    target.is_active = True
    target.previous = previous
    target.activated_at = timezone.now()
    target.activated_by = actor if getattr(actor, "pk", None) else None
    target.save(update_fields=["is_active", "previous", "activated_at", "activated_by"])
    return target


# --- Jobs the faces start, and re-scoring ---


def scorer_train_start(
    *, actor: Any, from_imports: bool = True, from_decisions: bool = True, activate: bool = False
) -> ScorerJob:
    """Queue a training run (the worker calls scorer_train with progress). Editors only."""
    if not (from_imports or from_decisions):
        raise TrainingRefused("Choose at least one source of labels.", field="from_imports")
    options = {"from_imports": from_imports, "from_decisions": from_decisions, "activate": activate}
    return scorer_job_create(kind=ScorerJobKind.TRAIN, actor=actor, options=options)


def claims_rescore(
    *, document: Document | None = None, actor: Any, claim_ids: list[int] | None = None
) -> ScorerJob:
    """Queue a re-scoring of the new claims (of `document`, or those of `claim_ids`, or all)
    with the active scorer. Editors only."""
    options = {
        "document": document.pk if document else None,
        "claims": sorted(claim_ids) if claim_ids is not None else None,
    }
    return scorer_job_create(
        kind=ScorerJobKind.RESCORE, actor=actor, options=options, document=document
    )


RESCORE_BATCH = 500


def claims_rescore_run(
    *,
    document_id: int | None = None,
    claim_ids: list[int] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Re-score the claims still `new` (score, reasons, scorer_version). Claims that moved
    on in the workflow keep the score they were triaged with; a claim selected while the
    batch is scored is skipped, because each batch re-reads the status under a lock."""
    from claims.extraction.pipeline import score_sentences

    scorer, version = active_scorer_and_version()
    queryset = Claim.objects.filter(status=Status.NEW)
    if document_id is not None:
        queryset = queryset.filter(document_id=document_id)
    if claim_ids is not None:
        queryset = queryset.filter(pk__in=claim_ids)
    ids = list(queryset.order_by("id").values_list("id", flat=True))
    rescored = 0
    for offset in range(0, len(ids), RESCORE_BATCH):
        rows = dict(
            Claim.objects.filter(pk__in=ids[offset : offset + RESCORE_BATCH]).values_list(
                "pk", "text"
            )
        )
        scored = score_sentences(
            list(rows.values()), pipeline=settings.EXTRACTION_PIPELINE, scorer=scorer
        )
        by_id = dict(zip(rows, scored, strict=True))
        rescored += _save_scores(by_id, version)
        if on_progress is not None:
            on_progress(min(offset + RESCORE_BATCH, len(ids)), len(ids))
    return {"claims": len(ids), "rescored": rescored, "scorer_version": version}


def _save_scores(by_id: dict[int, Any], version: str) -> int:
    with transaction.atomic():
        claims = list(
            Claim.objects.select_for_update()
            .filter(pk__in=list(by_id), status=Status.NEW)
            .only("pk", "score", "reasons", "scorer_version")
        )
        for claim in claims:
            candidate = by_id[claim.pk]
            claim.score = min(1.0, max(0.0, float(candidate.score)))
            claim.reasons = list(candidate.reasons)
            claim.scorer_version = version
        Claim.objects.bulk_update(claims, ["score", "reasons", "scorer_version"])
    return len(claims)


def scorer_choose(
    *, rules: bool = False, version: int | None = None
) -> tuple[LearnedScorer | None, str]:
    """The scorer a command asked for: the rule scorer, a given version, or the active one.
    ValueError (with a message) for an unknown or unloadable version."""
    if rules:
        return None, RULES
    if version is None:
        return active_scorer_and_version()
    model = ScorerModel.objects.filter(version=version).first()
    if model is None:
        raise ValueError(f"There is no scorer model v{version}.")
    try:
        return scorer_load(model), model.label
    except ValueError as error:
        raise ValueError(f"Scorer model v{version} cannot be loaded: {error}") from error
