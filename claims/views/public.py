"""The public fact-check pages (no login)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from claims import selectors
from claims.models import Claim
from claims.public_page import public_page_context
from claims.views.common import csp_nonce, paginate


@require_GET
def fact_checks(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.published_fact_checks())
    return render(request, "claims/public/index.html", {"page": page})


@require_GET
def fact_check(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    try:
        claim = selectors.published_fact_check(pk)
    except Claim.DoesNotExist:
        raise Http404("No published fact-check here.") from None
    if slug != (claim.slug or "claim"):
        return redirect(claim.get_public_url(), permanent=True)
    context = public_page_context(claim, nonce=csp_nonce(request))
    return render(request, "claims/public/fact_check.html", context)
