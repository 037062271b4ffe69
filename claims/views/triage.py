"""The triage queue: claims filtered from the query string, and bulk select/dismiss/assign.
The document page lists its claims the same way (`claim_list` and `bulk_action`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from claims import exports
from claims.models import Claim, Document
from claims.selectors import triage as triage_selectors
from claims.services import claims as claim_services
from claims.triage_forms import BulkForm, ClaimFilterForm, team_list
from claims.views.common import paginate, team_required
from claims.workflow import Status

TRIAGE_PAGE_SIZE = 50


def filtered_claims(request: HttpRequest, team: list, document: Document | None = None):
    """The filter form bound to the query string, its filters and the claims they select."""
    data = request.GET.copy()
    if document is None and "status" not in data:
        data["status"] = Status.NEW  # the triage queue: new claims unless asked otherwise
    form = ClaimFilterForm(data, user=request.user, team=team, document=document)
    filters = form.filters()
    return form, filters, triage_selectors.claims_filtered(filters)


def claim_list(request: HttpRequest, team: list, document: Document | None = None) -> dict:
    """The filter form (bound to the query string), the page of claims it selects, and the
    query string without the page number, for the pagination links."""
    form, filters, claims = filtered_claims(request, team, document)
    query = request.GET.copy()
    for key in ("page", "part"):  # "part": the document page's live area polling
        query.pop(key, None)
    return {
        "filter_form": form,
        "page": paginate(request, claims, "page", TRIAGE_PAGE_SIZE),
        "query": query.urlencode(),
        "filtered": bool(query),
        "speaker_text": filters.speaker_text,  # no Speaker has this name
    }


def bulk_action(
    request: HttpRequest, team: list
) -> tuple[BulkForm, claim_services.BulkResult | None]:
    """Run the bulk form's action on the ticked claims (all or nothing); a message says what
    was done. Returns the form and the result (None when the form was invalid)."""
    form = BulkForm(request.POST, user=request.user, team=team)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    action, assignee = data["action"], data["assignee"]
    if action == "assign":
        result = claim_services.claims_bulk(
            claim_ids=data["claims"], actor=request.user, action="assign", assignee=assignee
        )
    else:
        result = claim_services.claims_bulk(
            claim_ids=data["claims"],
            actor=request.user,
            action="transition",
            to=Status.SELECTED if action == "select" else Status.DISMISSED,
            note=data["note"],
            assignee=assignee,
        )
    if result.applied:
        messages.success(request, _bulk_summary(action, len(result.done), assignee))
    return form, result


def bulk_context(form: BulkForm, result: claim_services.BulkResult | None) -> dict:
    refused = []
    if result is not None and result.refused:
        claims = Claim.objects.in_bulk([pk for pk, _ in result.refused])
        refused = [(pk, reason, claims.get(pk)) for pk, reason in result.refused]
    return {
        "bulk_form": form,
        "result": result,
        "refused": refused,
        "ticked": set(form.cleaned_data.get("claims", [])) if form.is_bound else set(),
    }


def _bulk_summary(action: str, count: int, assignee) -> str:
    verb = {"select": "selected", "dismiss": "dismissed", "assign": "assigned"}[action]
    if action == "select" and assignee is not None:
        verb = "selected and assigned"
    to = f" to {assignee.get_username()}" if assignee is not None else ""
    return f"{count} claim{'s' if count != 1 else ''} {verb}{to}."


def bulk_step(request: HttpRequest, team: list) -> tuple[HttpResponse | None, dict, int]:
    """A page's bulk form: on a POST that went through, the redirect back to the same page
    (filters kept); otherwise the form's context (with the refusals) and the status."""
    if request.method != "POST":
        return None, bulk_context(BulkForm(user=request.user, team=team), None), 200
    form, result = bulk_action(request, team)
    if result is not None and result.applied:
        return redirect(request.get_full_path()), {}, 302
    return None, bulk_context(form, result), 400


def page_status(context: dict, status: int) -> int:
    """400 when a filter in the query string is invalid (the page names it), else `status`."""
    return 400 if context["filter_form"].errors else status


@require_http_methods(["GET", "POST"])
@team_required
def triage(request: HttpRequest) -> HttpResponse:
    """Claims to triage (new ones unless the filters say otherwise), with bulk actions."""
    team = team_list()
    done, bulk, status = bulk_step(request, team)
    if done is not None:
        return done
    context = {**claim_list(request, team), **bulk}
    return render(request, "claims/triage.html", context, status=page_status(context, status))


EXPORT_ORDERING = {"score": "-score", "date": "-claim_date", "document": "start"}


@require_http_methods(["GET"])
@team_required
def triage_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The claims the triage page shows for these filters, as a CSV or JSON-lines download
    (streamed; formula-safe CSV cells)."""
    form, filters, claims = filtered_claims(request, team_list())
    if form.errors:
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    ordering = EXPORT_ORDERING.get(filters.sort, "-score")
    lines = exports.claim_export(claims, file_format, ordering)
    return exports.streaming_response(lines, file_format, f"claims.{file_format}")
