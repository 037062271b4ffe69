"""Correcting what extraction got wrong: a claim's wording for publication, and a claim it
missed, added by hand from a span (or a text) of the document."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims import workflow
from claims.models import Claim, Document, EventAction
from claims.services._shared import claim_event, locked_claim, save_claim

MAX_WORDING = 1000
MAX_SPAN = 5000


def claim_set_wording(
    *, claim: Claim, claim_text: str, actor: Any, expected_version: int | None = None
) -> Claim:
    """Set the wording the fact-check publishes (the span as found is kept). The history
    row holds the old and the new wording."""
    wording = " ".join((claim_text or "").split())
    if not wording:
        raise ValidationError({"claim_text": "The wording is empty."})
    if len(wording) > MAX_WORDING:
        raise ValidationError(
            {"claim_text": f"The wording is longer than {MAX_WORDING:,} characters."}
        )
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        workflow.enforce(workflow.wording_refusal(claim, actor))
        old = claim.wording
        if wording == old:
            return claim
        claim.claim_text = "" if wording == claim.text else wording
        save_claim(claim, ["claim_text"])
        claim_event(claim, actor, EventAction.UPDATED, data={"claim_text": [old, wording]})
    return claim


def _span_of(document: Document, start: Any, end: Any, text: str | None) -> tuple[int, int]:
    """The (start, end) the input names: offsets, or where `text` first stands in the
    document; trimmed of white space at both ends. ValidationError naming the field."""
    length = len(document.text)
    if text is not None and start is None and end is None:
        words = text.split()
        if not words:
            raise ValidationError({"text": "Give the text of the claim (or start and end)."})
        # Word for word; any white space between the words (a pasted sentence may have lost
        # the document's line breaks).
        found = re.search(r"\s+".join(map(re.escape, words)), document.text)
        if found is None:
            raise ValidationError({"text": "This text is not in the document, word for word."})
        start, end = found.span()
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError({name: "Give a whole number of characters."})
        if not 0 <= value <= length:
            raise ValidationError({name: f"The document has {length:,} characters."})
    span = document.text[start:end]
    start, end = start + len(span) - len(span.lstrip()), end - len(span) + len(span.rstrip())
    if end <= start:
        raise ValidationError({"end": "The span is empty: end must come after start."})
    if end - start > MAX_SPAN:
        raise ValidationError({"end": f"A claim is at most {MAX_SPAN:,} characters."})
    return start, end


def claim_add(
    *,
    document: Document,
    actor: Any,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
) -> Claim:
    """A claim extraction missed, from the span `start`..`end` of the document or the first
    place `text` stands in it. A span overlapping a tracked claim is refused, naming it."""
    workflow.enforce(workflow.document_edit_refusal(actor))
    field = "text" if text is not None and start is None and end is None else "start"
    start, end = _span_of(document, start, end, text)
    with transaction.atomic():
        # The document's row lock orders concurrent additions, so the overlap check holds.
        Document.objects.select_for_update().only("pk").get(pk=document.pk)
        overlap = (
            Claim.objects.filter(document=document, start__lt=end, end__gt=start)
            .order_by("start")
            .first()
        )
        if overlap is not None:
            raise ValidationError(
                {field: f"This overlaps claim {overlap.pk}: “{overlap.wording[:80]}”."}
            )
        try:
            with transaction.atomic():
                claim = Claim.objects.create(
                    document=document,
                    text=document.text[start:end],
                    start=start,
                    end=end,
                    score=1.0,
                    reasons=["added by hand"],
                )
        except IntegrityError:  # the lock above makes this a safety net
            raise ValidationError({field: "A claim with this span already exists."}) from None
        claim_event(claim, actor, EventAction.ADDED, data={"start": start, "end": end})
    return claim
