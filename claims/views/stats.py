"""The statistics page: editors see the whole newsroom, researchers their own claims."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims import reporting_rules, selectors
from claims.charts import stats_charts
from claims.stats import claim_stats
from claims.stats_forms import StatsForm
from claims.views.common import team_required


@team_required
def stats_page(request: HttpRequest) -> HttpResponse:
    """The team only (`team_required` asks the same rule as `reporting_rules.stats_refusal`)."""
    form = StatsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "claims/stats.html", {"form": form}, status=400)
    if not form.is_bound:
        form = StatsForm({"days": 30})
        form.is_valid()
    scope = reporting_rules.stats_scope(request.user)
    stats = claim_stats(form.stats_filter(scope_user=scope))
    context = {
        "form": form,
        "stats": stats,
        "charts": stats_charts(stats),
        "own_only": scope is not None,
        "publishers": selectors.publishers(),
    }
    return render(request, "claims/stats.html", context)
