"""Text helpers for showing claims in their document: the document cut into plain runs
and claim spans, and a claim with the sentences around it. No database reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.models import Claim


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Claim | None = None


def document_segments(text: str, claims: list[Claim]) -> list[Segment]:
    """The document text cut into plain runs and claim spans, in order. Overlapping spans
    are clipped so every character appears once."""
    segments: list[Segment] = []
    cursor = 0
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        start, end = max(claim.start, cursor), min(claim.end, len(text))
        if end <= start:
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], claim))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+|\n\s*\n")


def claim_context(claim: Claim, *, sentences: int = 2, window: int = 600) -> tuple[str, str, str]:
    """(before, claim text, after): the claim in its document, with up to `sentences`
    sentences either side, cut at sentence boundaries within `window` characters."""
    text = claim.document.text
    start, end = max(0, claim.start), min(len(text), claim.end)
    before_zone = text[max(0, start - window) : start]
    after_zone = text[end : end + window]
    cuts = [m.end() for m in _SENTENCE_END.finditer(before_zone)]
    before = before_zone[cuts[-sentences - 1] :] if len(cuts) > sentences else before_zone
    if len(cuts) <= sentences and start - window > 0:
        before = "…" + before
    # Searched in place, so that a boundary right after the claim (a claim that ends its
    # sentence) is seen. The first boundary closes the claim's own sentence; keep whole
    # sentences after it.
    ends = [m.start() - end for m in _SENTENCE_END.finditer(text, end, end + window)]
    after = after_zone[: ends[sentences]] if len(ends) > sentences else after_zone
    if len(ends) <= sentences and end + window < len(text):
        after += "…"
    return before.lstrip(), text[start:end], after.rstrip()
