"""The claim page and its actions (one form, one service call each)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import errors, selectors, speakers, textspans, workflow
from claims.edit_forms import WordingForm
from claims.forms import (
    AssignForm,
    ClaimSpeakerForm,
    CommentForm,
    DetailsForm,
    DuplicateForm,
    EvidenceForm,
    TransitionForm,
    VerdictForm,
)
from claims.models import Claim
from claims.seen import seen_before
from claims.services import claims as claim_services
from claims.services import edits
from claims.services import notifications as notification_services
from claims.views.common import put_errors, team_required
from claims.views.preview import needs_confirmation
from claims.workflow import WorkflowError


def _claim_context(request: HttpRequest, claim: Claim, **forms: Form) -> dict:
    """Everything the claim page shows. Bound forms passed in (with their errors) replace
    the blank ones, so what the user typed stays."""
    user = request.user
    transitions = workflow.available_transitions(claim, user)
    defaults = _blank_forms(claim)
    defaults.update(forms)
    before, text, after = textspans.claim_context(claim)
    return {
        "claim": claim,
        "context_before": before,
        "context_text": text,
        "context_after": after,
        "transitions": transitions,
        "blocked": workflow.blocked_transitions(claim, user),
        "needs_note": any(t.needs_note for t in transitions),
        "can_assign": workflow.assign_refusal(claim, user, user) is None,
        # Researchers take an unassigned claim for themselves; only the claim's holder or an
        # editor may hand it to someone else (workflow.assign_refusal says why).
        "can_choose_assignee": workflow.is_editor(user) or claim.assignee_id == user.pk,
        "can_mark_duplicate": workflow.duplicate_refusal(claim, user, None) is None,
        "can_set_verdict": workflow.verdict_refusal(claim, user) is None,
        "can_research": workflow.evidence_refusal(claim, user) is None,
        "can_correct_speaker": workflow.speaker_refusal(claim, user) is None,
        "can_edit_wording": workflow.wording_refusal(claim, user) is None,
        "is_assignee": claim.assignee_id == user.pk,
        "seen_before": seen_before(claim),
        **defaults,
    }


def _blank_forms(claim: Claim) -> dict[str, Form]:
    """The claim page's forms, filled with the claim as it is (and its version)."""
    version = {"version": claim.version}
    return {
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
        "wording_form": WordingForm(
            initial={**version, "claim_text": claim.wording}, auto_id=_auto_id("wording_form")
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


def _auto_id(form_name: str) -> str:
    """Element ids unique across the several forms of the claim page."""
    return form_name.split("_")[0] + "_%s"


def _claim_page(request: HttpRequest, pk: int, status: int = 200, **forms: Form) -> HttpResponse:
    claim = selectors.claim_for_page(pk)
    return render(
        request, "claims/claim.html", _claim_context(request, claim, **forms), status=status
    )


@require_GET
@team_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    rows = None if request.GET.get("all") else selectors.CLAIM_PAGE_ROWS
    try:
        claim = selectors.claim_for_page(pk, rows=rows)
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
            status = errors.http_status(error)
            if isinstance(error, workflow.StaleVersion):
                # Show the claim as it is now; the user's input stays, against the new version.
                data = request.POST.copy()
                data["version"] = error.current_version
                form = form_class(data, auto_id=_auto_id(form_name))
                form.is_valid()
            put_errors(form, error)
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


def _wording(request, claim, data):
    edits.claim_set_wording(
        claim=claim,
        claim_text=data["claim_text"],
        actor=request.user,
        expected_version=data["version"],
    )
    return "Wording saved."


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


_claim_transition = _claim_action("transition_form", TransitionForm, _transition)


def claim_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """A workflow step; approving and publishing are confirmed on a preview first."""
    return needs_confirmation(request) or _claim_transition(request, pk)


claim_assign = _claim_action("assign_form", AssignForm, _assign)
claim_details = _claim_action("details_form", DetailsForm, _details)
claim_verdict = _claim_action("verdict_form", VerdictForm, _verdict)
claim_wording = _claim_action("wording_form", WordingForm, _wording)
claim_evidence = _claim_action("evidence_form", EvidenceForm, _evidence)
claim_comment = _claim_action("comment_form", CommentForm, _comment)
claim_duplicate = _claim_action("duplicate_form", DuplicateForm, _duplicate)
claim_speaker = _claim_action("speaker_form", ClaimSpeakerForm, _speaker)
