"""The editor pages and the public fact-check pages.

Views parse input with a form, call one service, and render. Which workflow steps a user
may take comes from `claims.workflow`; a refusal (WorkflowError) or an input error
(ValidationError) from a service is shown on the form, with what the user typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import selectors, speakers, workflow
from claims.claimreview import claim_review, json_ld_script
from claims.forms import (
    AssignForm,
    BulkForm,
    ClaimSpeakerForm,
    CommentForm,
    DetailsForm,
    DocumentForm,
    DocumentSearchForm,
    DuplicateForm,
    EvidenceForm,
    TransitionForm,
    VerdictForm,
)
from claims.models import Claim, Document
from claims.seen import seen_before
from claims.services import claims as claim_services
from claims.services import documents as document_services
from claims.services import notifications as notification_services
from claims.textimport import text_from_file
from claims.workflow import Status, WorkflowError

PAGE_SIZE = 20
DASHBOARD_PAGE_SIZE = 10
# How a refusal's code answers: a guard failed, the role is missing, the claim moved on.
STATUS_FOR_CODE = {"invalid": 400, "forbidden": 403, "conflict": 409}


def team_required(view: Callable) -> Callable:
    """Researchers and editors only: anonymous users are sent to log in, others get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not workflow.is_staff_member(request.user):
            raise PermissionDenied(
                "These pages are for the fact-checking team (researchers and editors). "
                "Ask an editor to add you to a team."
            )
        return view(request, *args, **kwargs)

    return wrapper


def _page(request: HttpRequest, queryset, param: str = "page", size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get(param))


def _put_errors(form: Form, error: Exception) -> None:
    """A service's ValidationError or WorkflowError, on the field it names when the form
    has one, otherwise on the form as a whole."""
    if isinstance(error, WorkflowError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
        return
    form.add_error(None, error)


def _allowed(check: Callable[..., None], *args: Any) -> bool:
    """Whether a workflow check lets the step through (the workflow decides, not the view)."""
    try:
        check(*args)
    except WorkflowError:
        return False
    return True


# --- Dashboard ---


@require_GET
@team_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "counts": selectors.status_counts(),
        "mine": _page(request, selectors.my_claims(user), "mine", DASHBOARD_PAGE_SIZE),
        "triage": _page(request, selectors.triage_queue(), "triage", DASHBOARD_PAGE_SIZE),
        "published": _page(
            request, selectors.recently_published(), "published", DASHBOARD_PAGE_SIZE
        ),
        "is_editor": workflow.is_editor(user),
        "bulk_form": BulkForm(),
    }
    if context["is_editor"]:
        context["review"] = _page(
            request, selectors.waiting_for_review(), "review", DASHBOARD_PAGE_SIZE
        )
    return render(request, "claims/dashboard.html", context)


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
        "triage": _page(request, queue, "page", 50),
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


# --- Documents ---


@require_GET
@team_required
def documents(request: HttpRequest) -> HttpResponse:
    form = DocumentSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    documents = selectors.documents_list(
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        publisher=filters.get("publisher", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "claims/documents.html",
        {
            "form": form or DocumentSearchForm(),
            "page": _page(request, documents),
            "publishers": selectors.publishers(),
            "query": query.urlencode(),
        },
    )


@team_required
def document_add(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = _ingest(request, form)
        if document is not None:
            return redirect(document)
    status = 400 if form.is_bound else 200
    return render(request, "claims/document_add.html", {"form": form}, status=status)


def _ingest(request: HttpRequest, form: DocumentForm) -> Document | None:
    """Read the text from where the form says, then hand it to the ingest service. Errors
    land on the input the user filled in."""
    data = form.cleaned_data
    source = form.source
    text_field = {"paste": "text", "upload": "file", "fetch": "url"}[source]
    title = data["title"]
    try:
        if source == "paste":
            text = data["text"]
        elif source == "upload":
            upload = data["file"]
            text, found_title = text_from_file(
                upload.name, upload.read(upload.size + 1), field="file"
            )
            title = title or found_title
        fields = {
            "publisher": data["publisher"],
            "author": data["author"],
            "published_at": data["published_at"],
            "kind": data["kind"],
            "created_by": request.user,
        }
        if source == "fetch":
            document, created = document_services.document_ingest_url(
                url=data["url"], title=title, **fields
            )
        else:
            document, created = document_services.document_ingest(
                text=text, title=title, url=data["url"] or None, **fields
            )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "text" in error.error_dict and text_field != "text":
            error.error_dict[text_field] = error.error_dict.pop("text")
        _put_errors(form, error)
        return None
    if created:
        messages.success(request, "Document added; its claims are being extracted.")
    else:
        messages.info(request, "This text was already here: this is the existing document.")
    return document


def _document_live_context(document: Document) -> dict:
    job = selectors.latest_job(document)
    claims = selectors.document_claims(document)
    return {
        "document": document,
        "job": job,
        "claims": claims,
        "segments": selectors.document_segments(document.text, claims),
        "polling": job is not None and not job.is_finished,
    }


@require_GET
@team_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("created_by"), pk=pk)
    return render(request, "claims/document.html", _document_live_context(document))


@require_GET
@team_required
def document_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The job progress, polled by htmx while the job runs; once it has finished, the
    highlighted text and the claims, which replace the whole live area."""
    status_only = request.GET.get("part") == "status"
    if status_only:
        document = get_object_or_404(Document.objects.defer("text"), pk=pk)
        job = selectors.latest_job(document)
        if job is not None and not job.is_finished:
            context = {"document": document, "job": job, "polling": True}
            return render(request, "claims/_job_status.html", context)
    document = get_object_or_404(Document, pk=pk)
    response = render(request, "claims/_document_live.html", _document_live_context(document))
    if status_only:
        response["HX-Retarget"] = "#doc-live"
        response["HX-Reswap"] = "outerHTML"
    return response


@require_POST
@team_required
def document_reextract(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    try:
        document_services.document_reextract(document=document, actor=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "A new extraction was queued.")
    return redirect(document)


# --- Claims ---


def _claim_context(request: HttpRequest, claim: Claim, **forms: Form) -> dict:
    """Everything the claim page shows. Bound forms passed in (with their errors) replace
    the blank ones, so what the user typed stays."""
    user = request.user
    version = {"version": claim.version}
    transitions = workflow.available_transitions(claim, user)
    defaults = {
        "transition_form": TransitionForm(initial=version, auto_id=_auto_id("transition_form")),
        "assign_form": AssignForm(
            initial={**version, "assignee": claim.assignee_id}, auto_id=_auto_id("assign_form")
        ),
        "details_form": DetailsForm(
            auto_id=_auto_id("details_form"),
            initial={
                **version,
                "priority": claim.priority,
                "due_at": claim.due_at,
                "claim_type": claim.claim_type,
            },
        ),
        "verdict_form": VerdictForm(
            auto_id=_auto_id("verdict_form"),
            initial={
                **version,
                "rating": claim.rating_id,
                "verdict_summary": claim.verdict_summary,
                "verdict_explanation": claim.verdict_explanation,
            },
        ),
        "evidence_form": EvidenceForm(auto_id=_auto_id("evidence_form")),
        "comment_form": CommentForm(auto_id=_auto_id("comment_form")),
        "duplicate_form": DuplicateForm(
            initial={**version, "original": claim.duplicate_of_id},
            auto_id=_auto_id("duplicate_form"),
        ),
        "speaker_form": ClaimSpeakerForm(
            initial={
                **version,
                "name": claim.speaker_resolved,
                "kind": claim.speaker_ref.kind if claim.speaker_ref_id else "person",
            },
            auto_id=_auto_id("speaker_form"),
        ),
    }
    defaults.update(forms)
    before, text, after = selectors.claim_context(claim)
    return {
        "claim": claim,
        "context_before": before,
        "context_text": text,
        "context_after": after,
        "transitions": transitions,
        "blocked": _blocked_transitions(claim, user),
        "needs_note": any(t.needs_note for t in transitions),
        "can_assign": _allowed(workflow.check_can_assign, claim, user, user),
        "can_set_verdict": _allowed(workflow.check_can_set_verdict, claim, user),
        "can_research": _allowed(workflow.check_can_research, claim, user),
        "can_correct_speaker": workflow.can_correct_speaker(claim, user),
        "is_assignee": claim.assignee_id == user.pk,
        "seen_before": seen_before(claim),
        **defaults,
    }


def _auto_id(form_name: str) -> str:
    """Element ids unique across the several forms of the claim page."""
    return form_name.split("_")[0] + "_%s"


def _blocked_transitions(claim: Claim, user) -> list[tuple[workflow.Transition, str]]:
    """Steps this user has the role for but whose guard refuses now, with the workflow's
    reason, so the page can say what is missing."""
    blocked = []
    for transition in workflow.TRANSITIONS:
        if transition.source != claim.status:
            continue
        refusal = transition.refusal(claim, user, "(note)" if transition.needs_note else "")
        if refusal is not None and refusal.code == "invalid":
            blocked.append((transition, refusal.message))
    return blocked


def _claim_page(request: HttpRequest, pk: int, status: int = 200, **forms: Form) -> HttpResponse:
    claim = selectors.claim_for_page(pk)
    return render(
        request, "claims/claim.html", _claim_context(request, claim, **forms), status=status
    )


@require_GET
@team_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = selectors.claim_for_page(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    # Seen: the user's notifications about this claim are cleared.
    unread = list(
        request.user.notifications.filter(claim=claim, read_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if unread:
        notification_services.notifications_mark_read(user=request.user, ids=unread)
    return render(request, "claims/claim.html", _claim_context(request, claim))


def _claim_action(
    form_name: str, form_class: type[Form], perform: Callable[[HttpRequest, Claim, dict], str]
) -> Callable:
    """A POST on a claim: validate `form_class`, call the service through `perform` (which
    returns the success message), and redirect to the claim page; on an error, show the
    claim page again with this form bound, its errors and the user's input."""

    @require_POST
    @team_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        claim = get_object_or_404(Claim, pk=pk)
        form = form_class(request.POST, auto_id=_auto_id(form_name))
        if not form.is_valid():
            return _claim_page(request, pk, 400, **{form_name: form})
        try:
            message = perform(request, claim, form.cleaned_data)
        except (WorkflowError, ValidationError) as error:
            status = STATUS_FOR_CODE.get(getattr(error, "code", ""), 400)
            if isinstance(error, workflow.StaleVersion):
                # Show the claim as it is now; the user's input stays, against the new version.
                data = request.POST.copy()
                data["version"] = error.current_version
                form = form_class(data, auto_id=_auto_id(form_name))
                form.is_valid()
            _put_errors(form, error)
            return _claim_page(request, pk, status, **{form_name: form})
        messages.success(request, message)
        return redirect(reverse("claims:claim", args=[pk]) + f"#{form_name.split('_')[0]}")

    view.__name__ = f"claim_{form_name}"
    return view


def _transition(request, claim, data):
    if not data["to"]:
        raise WorkflowError("Choose a step.", field="to")
    claim = claim_services.claim_transition(
        claim=claim,
        to=data["to"],
        actor=request.user,
        note=data["note"],
        expected_version=data["version"],
    )
    return f"The claim is now {claim.get_status_display().lower()}."


def _assign(request, claim, data):
    assignee = data["assignee"]
    if request.POST.get("me"):
        assignee = request.user
    claim = claim_services.claim_assign(
        claim=claim, assignee=assignee, actor=request.user, expected_version=data["version"]
    )
    if claim.assignee is None:
        return "The claim is unassigned."
    return f"Assigned to {claim.assignee.get_username()}."


def _details(request, claim, data):
    claim_services.claim_update(
        claim=claim,
        actor=request.user,
        expected_version=data["version"],
        priority=data["priority"],
        due_at=data["due_at"],
        claim_type=data["claim_type"],
    )
    return "Details saved."


def _verdict(request, claim, data):
    claim_services.claim_set_verdict(
        claim=claim,
        rating=data["rating"],
        summary=data["verdict_summary"],
        explanation=data["verdict_explanation"],
        actor=request.user,
        expected_version=data["version"],
    )
    return "Verdict saved."


def _evidence(request, claim, data):
    claim_services.claim_add_evidence(
        claim=claim,
        url=data["url"],
        title=data["title"],
        publisher=data["publisher"],
        excerpt=data["excerpt"],
        stance=data["stance"],
        actor=request.user,
    )
    return "Evidence added."


def _comment(request, claim, data):
    claim_services.claim_comment(claim=claim, body=data["body"], actor=request.user)
    return "Comment added."


def _duplicate(request, claim, data):
    original = None
    if data["original"]:
        original = Claim.objects.filter(pk=data["original"]).first()
        if original is None:
            raise ValidationError({"original": f"There is no claim number {data['original']}."})
    claim_services.claim_mark_duplicate(
        claim=claim, original=original, actor=request.user, expected_version=data["version"]
    )
    return f"Marked as a duplicate of claim {original.pk}." if original else "Duplicate cleared."


def _speaker(request, claim, data):
    claim = speakers.claim_set_speaker(
        claim=claim,
        name=data["name"],
        kind=data["kind"],
        actor=request.user,
        expected_version=data["version"],
    )
    return (
        f"The speaker is now {claim.speaker_resolved}."
        if claim.speaker_ref_id
        else ("The speaker is cleared.")
    )


claim_transition = _claim_action("transition_form", TransitionForm, _transition)
claim_assign = _claim_action("assign_form", AssignForm, _assign)
claim_details = _claim_action("details_form", DetailsForm, _details)
claim_verdict = _claim_action("verdict_form", VerdictForm, _verdict)
claim_evidence = _claim_action("evidence_form", EvidenceForm, _evidence)
claim_comment = _claim_action("comment_form", CommentForm, _comment)
claim_duplicate = _claim_action("duplicate_form", DuplicateForm, _duplicate)
claim_speaker = _claim_action("speaker_form", ClaimSpeakerForm, _speaker)


# --- Notifications ---


@team_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        count = notification_services.notifications_mark_read(user=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
        return redirect("claims:notifications")
    page = _page(request, selectors.notifications_for(request.user))
    return render(request, "claims/notifications.html", {"page": page})


# --- Public fact-checks (no login) ---


@require_GET
def fact_checks(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.published_fact_checks())
    return render(request, "claims/public/index.html", {"page": page})


@require_GET
def fact_check(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    try:
        claim = selectors.published_fact_check(pk)
    except Claim.DoesNotExist:
        raise Http404("No published fact-check here.") from None
    if slug != (claim.slug or "claim"):
        return redirect(claim.get_public_url(), permanent=True)
    return render(
        request,
        "claims/public/fact_check.html",
        {"claim": claim, "json_ld": json_ld_script(claim_review(claim))},
    )
