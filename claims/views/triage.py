"""The triage queue, with bulk select/dismiss/assign."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from claims import selectors
from claims.forms import (
    BulkForm,
)
from claims.models import Claim
from claims.services import claims as claim_services
from claims.views.common import (
    paginate,
    team_required,
)
from claims.workflow import Status


@team_required
def triage(request: HttpRequest) -> HttpResponse:
    """The whole triage queue, with bulk select/dismiss/assign."""
    result = None
    form = BulkForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = _run_bulk(request, form.cleaned_data)
            if not result.refused:
                messages.success(request, _bulk_summary(form.cleaned_data["action"], result))
                return redirect(request.get_full_path())
        else:
            status = 400
    wanted = request.GET.get("speaker", "").strip()[:200]
    speaker = selectors.speaker_by_reference(wanted) if wanted else None
    queue = selectors.triage_queue(speaker=speaker)
    if wanted and speaker is None:
        queue = queue.none()  # an unknown speaker has no claims (not the whole queue)
    context = {
        "speaker": speaker,
        "speaker_wanted": wanted,
        "query": f"speaker={speaker.pk}" if speaker else "",
        "triage": paginate(request, queue, "page", 50),
        "bulk_form": form,
        "result": result,
        "refused": _refused_rows(result),
        "ticked": set(form.cleaned_data.get("claims", []))
        if form.is_bound and form.is_valid()
        else set(),
    }
    return render(request, "claims/triage.html", context, status=status)


def _run_bulk(request: HttpRequest, data: dict) -> claim_services.BulkResult:
    action = data["action"]
    if action == "assign":
        return claim_services.claims_bulk(
            claim_ids=data["claims"],
            actor=request.user,
            action="assign",
            assignee=data["assignee"] or request.user,
        )
    target = Status.SELECTED if action == "select" else Status.DISMISSED
    return claim_services.claims_bulk(
        claim_ids=data["claims"],
        actor=request.user,
        action="transition",
        to=target,
        note=data["note"],
    )


def _bulk_summary(action: str, result: claim_services.BulkResult) -> str:
    verb = {"select": "selected", "dismiss": "dismissed", "assign": "assigned"}[action]
    count = len(result.done)
    return f"{count} claim{'s' if count != 1 else ''} {verb}."


def _refused_rows(result: claim_services.BulkResult | None) -> list[tuple[int, str, Claim | None]]:
    if not result or not result.refused:
        return []
    claims = Claim.objects.in_bulk([pk for pk, _ in result.refused])
    return [(pk, reason, claims.get(pk)) for pk, reason in result.refused]
