"""The dashboard and the notifications page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from claims import selectors, workflow
from claims.services import notifications as notification_services
from claims.triage_forms import BulkForm, team_list
from claims.views.common import (
    DASHBOARD_PAGE_SIZE,
    paginate,
    team_required,
)


@require_GET
@team_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "counts": selectors.status_counts(),
        "mine": paginate(request, selectors.my_claims(user), "mine", DASHBOARD_PAGE_SIZE),
        "triage": paginate(request, selectors.triage_queue(), "triage", DASHBOARD_PAGE_SIZE),
        "published": paginate(
            request, selectors.recently_published(), "published", DASHBOARD_PAGE_SIZE
        ),
        "is_editor": workflow.is_editor(user),
        "bulk_form": BulkForm(user=user, team=team_list()),
    }
    if context["is_editor"]:
        context["review"] = paginate(
            request, selectors.waiting_for_review(), "review", DASHBOARD_PAGE_SIZE
        )
    return render(request, "claims/dashboard.html", context)


@team_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        count = notification_services.notifications_mark_read(user=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
        return redirect("claims:notifications")
    page = paginate(request, selectors.notifications_for(request.user))
    return render(request, "claims/notifications.html", {"page": page})
