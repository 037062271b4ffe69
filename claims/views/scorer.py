"""The scorer page for editors: the active model, its metrics and calibration, the labels,
the versions with activate/rollback, training and re-scoring with live progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import scorers, workflow
from claims.models import Document, ScorerJob, ScorerJobKind, ScorerModel
from claims.selectors import scorer as scorer_selectors
from claims.views.common import team_required
from claims.workflow import WorkflowError

CHART = 240  # the calibration chart's side, in SVG units
MARGIN = 28


def calibration_chart(points: list[list[float]]) -> dict:
    """Coordinates for the server-drawn calibration curve: predicted score (x) against the
    share judged check-worthy (y), one dot per bin, its area growing with the bin's size."""
    inner = CHART - 2 * MARGIN
    largest = max((p[2] for p in points), default=1) or 1

    def xy(predicted: float, observed: float) -> tuple[float, float]:
        return round(MARGIN + predicted * inner, 1), round(CHART - MARGIN - observed * inner, 1)

    dots = []
    for predicted, observed, count in points:
        x, y = xy(predicted, observed)
        radius = round(2 + 5 * (count / largest) ** 0.5, 1)
        dots.append({"x": x, "y": y, "r": radius, "p": predicted, "o": observed, "n": count})
    return {
        "size": CHART,
        "low": MARGIN,
        "high": CHART - MARGIN,
        "inner": inner,
        "label_y": CHART - 8,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
    }


def _page_context(request: HttpRequest) -> dict:
    overview = scorer_selectors.scorer_overview()
    active = overview["active"]
    return {
        **overview,
        "chart": calibration_chart(active.metrics.get("calibration", [])) if active else None,
        "versions": scorer_selectors.scorer_models(),
        "train_job": scorer_selectors.latest_scorer_job(ScorerJobKind.TRAIN),
        "rescore_job": scorer_selectors.latest_scorer_job(ScorerJobKind.RESCORE),
        "can_manage": (workflow.scorer_refusal(request.user) is None),
    }


@require_GET
@team_required
def scorer_page(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/scorer.html", _page_context(request))


@require_GET
@team_required
def scorer_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One job's progress box, polled by htmx every second while the job runs."""
    job = get_object_or_404(ScorerJob.objects.select_related("model").defer("model__params"), pk=pk)
    return render(request, "claims/_scorer_job.html", {"job": job})


def _act(request: HttpRequest, action, success: str) -> HttpResponse:
    """Call a service; show its refusal or the success message; back to the page."""
    try:
        result = action()
    except (WorkflowError, ValidationError) as error:
        text = error.message if isinstance(error, WorkflowError) else " ".join(error.messages)
        messages.error(request, text)
        status = 403 if getattr(error, "code", "") == "forbidden" else 400
        response = render(request, "claims/scorer.html", _page_context(request), status=status)
        return response
    messages.success(request, success.format(result=result))
    return redirect("claims:scorer")


@require_POST
@team_required
def scorer_activate(request: HttpRequest, version: int) -> HttpResponse:
    model = get_object_or_404(ScorerModel.objects.defer("params"), version=version)
    return _act(
        request,
        lambda: scorers.scorer_activate(model=model, actor=request.user),
        f"Model v{version} is now active: new extractions are scored with it.",
    )


@require_POST
@team_required
def scorer_rollback(request: HttpRequest) -> HttpResponse:
    def rollback() -> str:
        model = scorers.scorer_rollback(actor=request.user)
        return f"model v{model.version}" if model else "the rule scorer"

    return _act(request, rollback, "Rolled back: {result} is now in use.")


@require_POST
@team_required
def scorer_train(request: HttpRequest) -> HttpResponse:
    sources = request.POST.getlist("source") or ["imports", "decisions"]
    return _act(
        request,
        lambda: scorers.scorer_train_start(
            actor=request.user,
            from_imports="imports" in sources,
            from_decisions="decisions" in sources,
            activate=request.POST.get("activate") == "on",
        ),
        "Training started: progress is shown below.",
    )


@require_POST
@team_required
def scorer_rescore(request: HttpRequest) -> HttpResponse:
    document, document_id = None, request.POST.get("document", "").strip()
    if document_id:
        if not document_id.isdigit():
            raise Http404("No such document.")
        document = get_object_or_404(Document.objects.defer("text"), pk=int(document_id))
    return _act(
        request,
        lambda: scorers.claims_rescore(document=document, actor=request.user),
        "Re-scoring of the new claims started.",
    )
