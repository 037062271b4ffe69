"""Documents: the list, adding one (paste, upload, URL), its page with live job progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from claims import selectors, textspans
from claims.forms import (
    DocumentForm,
    DocumentSearchForm,
)
from claims.models import Document
from claims.services import documents as document_services
from claims.textimport import text_from_file
from claims.triage_forms import BulkForm, team_list
from claims.views.common import (
    paginate,
    put_errors,
    team_required,
)
from claims.views.triage import bulk_step, claim_list, page_status
from claims.workflow import WorkflowError


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
            "page": paginate(request, documents),
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
            # The wall-clock time as typed, read in the document's own time zone.
            "published_at": data["published_at"] and data["published_at"].replace(tzinfo=None),
            "published_tz": data["published_tz"],
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
        put_errors(form, error)
        return None
    if created:
        messages.success(request, "Document added; its claims are being extracted.")
    else:
        messages.info(request, "This text was already here: this is the existing document.")
    return document


def _document_live_context(request: HttpRequest, document: Document, team: list) -> dict:
    """The highlighted text (every claim) and the sidebar: the claims the filters in the
    query string select, a page at a time, with the bulk form."""
    job = selectors.latest_job(document)
    claims = selectors.document_claims(document)
    listed = claim_list(request, team, document)
    # The live area is also rendered by its polling URL: its forms and links go to the page.
    page_url = document.get_absolute_url()
    return {
        "document": document,
        "job": job,
        "claims": claims,
        "segments": textspans.document_segments(document.text, claims),
        "polling": job is not None and not job.is_finished,
        "page_url": page_url,
        "bulk_url": f"{page_url}?{listed['query']}" if listed["query"] else page_url,
        **listed,
    }


@require_http_methods(["GET", "POST"])
@team_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """The document and its claims; POST: a bulk action on the ticked ones, as on triage."""
    document = get_object_or_404(Document.objects.select_related("created_by"), pk=pk)
    team = team_list()
    done, bulk, status = bulk_step(request, team)
    if done is not None:
        return done
    context = {**_document_live_context(request, document, team), **bulk}
    return render(request, "claims/document.html", context, status=page_status(context, status))


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
    team = team_list()
    context = {
        **_document_live_context(request, document, team),
        "bulk_form": BulkForm(user=request.user, team=team),
    }
    response = render(request, "claims/_document_live.html", context)
    if status_only:
        # The poll targeted the status box; the finished answer replaces the whole live area.
        retarget(response, "#doc-live")
        reswap(response, "outerHTML")
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
