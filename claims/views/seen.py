"""Editor pages of "seen before": search across the archive, the review queue of
suggestions, and the decisions on the claim page (htmx swaps the section in place)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import errors, seen, suggestions
from claims.models import Claim, MatchSuggestion
from claims.search import similar_claims
from claims.seen_forms import (
    ArchiveSearchForm,
    DecisionForm,
    ResolveForm,
    SeenBeforeDecisionForm,
    SuggestionFilterForm,
)
from claims.views.common import PAGE_SIZE, paginate, team_required
from claims.workflow import WorkflowError

SEARCH_LIMIT = 30
# How many live matches the claim page looks through to find the one a person decided on.
DECIDE_DEPTH = 20


@require_GET
@team_required
def search(request: HttpRequest) -> HttpResponse:
    """Own claims and other organisations' fact-checks, ranked as "seen before" ranks them."""
    form = ArchiveSearchForm(request.GET or None)
    results, status = [], 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = seen.search_archive(
            data["q"], source=data["source"], publisher=data["publisher"], limit=SEARCH_LIMIT
        )
    context = {
        "form": form,
        "results": results,
        "q": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
        "publishers": seen.archive_publishers(),
    }
    return render(request, "claims/search.html", context, status=status)


@require_GET
@team_required
def suggestion_queue(request: HttpRequest) -> HttpResponse:
    """Open suggestions, highest score first, filterable by document, speaker and level."""
    form = SuggestionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queue = seen.suggestion_queue(
        document=filters.get("document"),
        speaker=filters.get("speaker", ""),
        level=filters.get("level", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": paginate(request, queue, size=PAGE_SIZE),
        "query": query.urlencode(),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "claims/suggestions.html", context, status=status)


@require_POST
@team_required
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject a suggestion from the review queue (the row is swapped in place)."""
    suggestion = get_object_or_404(MatchSuggestion, pk=pk)
    form = DecisionForm(request.POST)
    status, error = 200, ""
    if not form.is_valid():
        status, error = 400, "Choose confirm or reject."
    else:
        service = {
            "confirm": suggestions.suggestion_confirm,
            "reject": suggestions.suggestion_reject,
        }[form.cleaned_data["decision"]]
        try:
            suggestion = service(
                suggestion=suggestion, actor=request.user, note=form.cleaned_data["note"]
            )
        except (WorkflowError, ValidationError) as problem:
            status, error = errors.http_status(problem), errors.error_message(problem)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"Match {suggestion.get_state_display().lower()}.")
        return redirect(reverse("claims:suggestions"))
    row = seen.suggestion_queue(state="").get(pk=suggestion.pk)
    return render(request, "claims/_suggestion_row.html", {"s": row, "error": error}, status=status)


def _seen_before_section(request: HttpRequest, claim: Claim, status: int = 200, error: str = ""):
    context = {"claim": claim, "seen_before": seen.seen_before(claim), "seen_error": error}
    return render(request, "claims/_seen_before.html", context, status=status)


def _back_to_claim(request: HttpRequest, claim: Claim, error: str = "", done: str = ""):
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return redirect(reverse("claims:claim", args=[claim.pk]) + "#seen-before")


@require_POST
@team_required
def claim_seen_before(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject one of the claim page's matches: a stored suggestion, or a live
    match that is stored as it is decided."""
    claim = get_object_or_404(Claim.objects.select_related("document"), pk=pk)
    form = SeenBeforeDecisionForm(request.POST)
    error, status = "", 200
    if not form.is_valid():
        error, status = "Choose a match and confirm or reject it.", 400
    else:
        error, status = _decide_on_claim_page(request, claim, form.cleaned_data)
    if request.htmx:
        return _seen_before_section(request, claim, status, error)
    done = {"confirm": "Match confirmed.", "reject": "Match rejected."}
    return _back_to_claim(request, claim, error, done.get(form.cleaned_data.get("decision"), ""))


def _decide_on_claim_page(request: HttpRequest, claim: Claim, data: dict) -> tuple[str, int]:
    decision, note, key = data["decision"], data["note"], data["target"]
    try:
        stored = seen.stored_suggestion(claim, key)
        if stored is not None:
            service = {
                "confirm": suggestions.suggestion_confirm,
                "reject": suggestions.suggestion_reject,
            }[decision]
            service(suggestion=stored, actor=request.user, note=note)
            return "", 200
        match = next((m for m in similar_claims(claim, limit=DECIDE_DEPTH) if m.key == key), None)
        if match is None:
            return "That match is no longer among this claim's matches.", 400
        suggestions.suggestion_decide(
            claim=claim, match=match, decision=decision, actor=request.user, note=note
        )
    except (WorkflowError, ValidationError) as problem:
        return errors.error_message(problem), errors.http_status(problem)
    return "", 200


@require_POST
@team_required
def claim_seen_before_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss or fast-track the claim in one step from a confirmed, published match."""
    claim = get_object_or_404(Claim, pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _back_to_claim(request, claim, "Choose dismiss or fast-track.")
    data = form.cleaned_data
    suggestion = MatchSuggestion.objects.filter(pk=data["suggestion"], claim=claim).first()
    if suggestion is None:
        return _back_to_claim(request, claim, "That match is not one of this claim's.")
    try:
        claim = suggestions.claim_resolve_seen_before(
            suggestion=suggestion,
            action=data["action"],
            actor=request.user,
            note=data["note"],
            expected_version=data["version"],
        )
    except (WorkflowError, ValidationError) as problem:
        return _back_to_claim(request, claim, errors.error_message(problem))
    return _back_to_claim(
        request, claim, done=f"The claim is now {claim.get_status_display().lower()}."
    )
