"""Reads about the learned scorer that the model page, the API and the admin share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from claims.models import LabelledSentence, LabelOrigin, ScorerJob, ScorerModel


def scorer_models() -> QuerySet[ScorerModel]:
    """Every version, newest first, without the (large) parameters."""
    return ScorerModel.objects.select_related("created_by", "activated_by").defer("params")


def active_model() -> ScorerModel | None:
    return scorer_models().filter(is_active=True).first()


def label_counts() -> list[dict[str, Any]]:
    """Labelled sentences by origin and source: total and check-worthy."""
    return list(
        LabelledSentence.objects.values("origin", "source")
        .annotate(total=Count("id"), positives=Count("id", filter=Q(label=1)))
        .order_by("origin", "-total", "source")
    )


def decisions_since(model: ScorerModel | None) -> int:
    """Triage decisions made (or changed) since `model` was trained: all of them without one."""
    decisions = LabelledSentence.objects.filter(origin=LabelOrigin.DECISION)
    if model is not None:
        decisions = decisions.filter(updated_at__gt=model.created_at)
    return decisions.count()


def latest_scorer_job(kind: str) -> ScorerJob | None:
    return (
        ScorerJob.objects.filter(kind=kind).select_related("model").defer("model__params").first()
    )


def extraction_threshold(model: ScorerModel | None) -> float:
    """The threshold extraction uses now: the active model's, else the setting."""
    if model is not None and "threshold" in model.metrics:
        return float(model.metrics["threshold"])
    return float(settings.EXTRACTION_THRESHOLD)


def scorer_overview() -> dict[str, Any]:
    """What the model page and GET /api/v1/scorer/ show."""
    model = active_model()
    return {
        "active": model,
        "threshold": extraction_threshold(model),
        "decisions_since": decisions_since(model),
        "label_counts": label_counts(),
    }
