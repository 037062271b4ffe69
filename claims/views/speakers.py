"""The speaker pages: the list, a speaker's claims and verdicts, and the editors' edit and
merge forms. Forms parse, `claims.speakers` writes, `claims.workflow` decides who may."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import errors, selectors, speakers, workflow
from claims.forms import SpeakerForm, SpeakerMergeForm, SpeakerSearchForm
from claims.models import Speaker
from claims.views.common import paginate, put_errors, team_required
from claims.workflow import WorkflowError


@require_GET
@team_required
def speaker_list(request: HttpRequest) -> HttpResponse:
    form = SpeakerSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.speakers_list(q=filters.get("q", ""), kind=filters.get("kind", ""))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": paginate(request, found), "query": query.urlencode()}
    return render(request, "claims/speakers.html", context)


def _speaker_page(
    request: HttpRequest, speaker: Speaker, status: int = 200, **forms: Form
) -> HttpResponse:
    initial = {
        "name": speaker.name,
        "kind": speaker.kind,
        "role": speaker.role,
        "party": speaker.party,
        "aliases": "\n".join(speaker.aliases),
    }
    context = {
        "speaker": speaker,
        "claims": paginate(request, selectors.speaker_claims(speaker), "page"),
        "verdicts": paginate(request, selectors.speaker_verdicts(speaker), "verdicts"),
        "history": selectors.speaker_history(speaker),
        "namesakes": selectors.speaker_namesakes(speaker),
        "can_manage": (workflow.speakers_refusal(request.user) is None),
        "edit_form": SpeakerForm(initial=initial, auto_id="edit_%s"),
        "merge_form": SpeakerMergeForm(auto_id="merge_%s"),
        **forms,
    }
    return render(request, "claims/speaker.html", context, status=status)


@require_GET
@team_required
def speaker(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    speaker = get_object_or_404(Speaker, pk=pk)
    if slug != (speaker.slug or "speaker"):
        return redirect(speaker)
    return _speaker_page(request, speaker)


def _refused(request, speaker, form_name: str, form: Form, error: Exception) -> HttpResponse:
    put_errors(form, error)
    status = errors.http_status(error)
    return _speaker_page(request, speaker, status, **{form_name: form})


@require_POST
@team_required
def speaker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker, pk=pk)
    form = SpeakerForm(request.POST, auto_id="edit_%s")
    if not form.is_valid():
        return _speaker_page(request, speaker, 400, edit_form=form)
    try:
        speaker = speakers.speaker_update(speaker=speaker, actor=request.user, **form.cleaned_data)
    except (WorkflowError, ValidationError) as error:
        return _refused(request, speaker, "edit_form", form, error)
    messages.success(request, f"Saved {speaker.name}.")
    return redirect(speaker)


@require_POST
@team_required
def speaker_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Speaker, pk=pk)
    form = SpeakerMergeForm(request.POST, auto_id="merge_%s")
    if not form.is_valid():
        return _speaker_page(request, source, 400, merge_form=form)
    try:
        target = selectors.speaker_by_reference(form.cleaned_data["target"])
        if target is None:
            raise ValidationError(
                {"target": "No single speaker has this number or name: give the number."}
            )
        target = speakers.speaker_merge(source=source, target=target, actor=request.user)
    except (WorkflowError, ValidationError) as error:
        return _refused(request, source, "merge_form", form, error)
    messages.success(request, f"{source.name} was merged into {target.name}.")
    return redirect(target)
