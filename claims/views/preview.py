"""The confirmation before Approve and Publish: the public page and its ClaimReview as they
will be, and a button that takes the step."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from claims import selectors, workflow
from claims.forms import TransitionForm
from claims.models import Claim
from claims.public_page import public_page_context
from claims.views.common import team_required
from claims.workflow import Status, WorkflowError

# The steps that change what the public sees: the pages confirm them on a preview first.
CONFIRMED_STEPS = frozenset({Status.APPROVED, Status.PUBLISHED})


def public_preview_context(claim: Claim) -> dict:
    """The public page's context for `claim` as if it were published now (nothing saved)."""
    claim.published_at = claim.published_at or timezone.now()
    return public_page_context(claim)


def needs_confirmation(request: HttpRequest) -> HttpResponse | None:
    """A transition POST to a step in CONFIRMED_STEPS without `confirmed`: the preview."""
    to = request.POST.get("to", "")
    if request.method != "POST" or to not in CONFIRMED_STEPS or request.POST.get("confirmed"):
        return None
    pk = request.resolver_match.kwargs["pk"]
    return redirect(reverse("claims:claim_preview", args=[pk]) + f"?to={to}")


@require_GET
@team_required
def claim_preview(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = selectors.claim_for_page(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    to = request.GET.get("to", "")
    if to not in CONFIRMED_STEPS:
        raise Http404("Only approving and publishing are previewed.")
    refusal = None
    try:
        transition = workflow.check_transition(claim, request.user, to)
    except WorkflowError as error:
        transition, refusal = None, error.message
    public = public_preview_context(claim)
    context = {
        "claim": claim,
        "to": to,
        "transition": transition,
        "refusal": refusal,
        "form": TransitionForm(initial={"version": claim.version, "to": to}),
        # Without the request: the page as an anonymous reader will see it.
        "public_html": render_to_string("claims/public/fact_check.html", public),
        "review_json": json.dumps(public["review"], indent=2, ensure_ascii=False),
    }
    return render(request, "claims/preview.html", context, status=200 if transition else 403)
