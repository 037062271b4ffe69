"""Correction pages of a document: edit its details, add a claim extraction missed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims import errors
from claims.edit_forms import AddClaimForm, DocumentEditForm
from claims.models import Document
from claims.services import documents as document_services
from claims.services import edits
from claims.timezones import zone_names
from claims.views.common import put_errors, team_required
from claims.workflow import WorkflowError


@team_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.defer("text"), pk=pk)
    if request.method != "POST":
        form = DocumentEditForm.for_document(document)
        context = {"document": document, "form": form, "zones": zone_names()}
        return render(request, "claims/document_edit.html", context)
    form = DocumentEditForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            document_services.document_update(
                document=document, actor=request.user, changes=form.cleaned_data
            )
        except (WorkflowError, ValidationError) as error:
            put_errors(form, error)
            status = errors.http_status(error)
        else:
            messages.success(request, "Document details saved.")
            return redirect(document)
    context = {"document": document, "form": form, "zones": zone_names()}
    return render(request, "claims/document_edit.html", context, status=status)


@require_POST
@team_required
def document_add_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim from the text selected on the document page (or pasted into the form)."""
    document = get_object_or_404(Document, pk=pk)
    form = AddClaimForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        span = {"start": data["start"], "end": data["end"]}
        if span["start"] is None and span["end"] is None:
            span = {"text": data["text"]}
        try:
            claim = edits.claim_add(document=document, actor=request.user, **span)
        except (WorkflowError, ValidationError) as error:
            put_errors(form, error)
        else:
            messages.success(request, f"Claim {claim.pk} added.")
            return redirect(claim)
    messages.error(request, "The claim was not added: " + " ".join(_messages(form)))
    return redirect(document.get_absolute_url() + "#add-claim")


def _messages(form: AddClaimForm) -> list[str]:
    return [message for field_errors in form.errors.values() for message in field_errors]
