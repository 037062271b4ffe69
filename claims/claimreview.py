"""schema.org ClaimReview JSON-LD for published fact-checks: one builder for the public
page and the API feed."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db.models import Max, Min
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim, Document, Rating, SpeakerKind
from claims.timezones import iso_local

# A verdict with no place on the true-false scale (e.g. "Unproven", value 0) is published
# with ratingValue -1 and its name as alternateName, as fact-check aggregators expect.
UNSCALED_RATING_VALUE = -1
# Documents whose author speaks in their own words: an unattributed claim in them is theirs.
OWN_WORDS_KINDS = frozenset({"statement", "speech", "social_post", "opinion"})
# claimReviewed is a short statement of the claim (Google shows it in results).
SHORT = 280


def rating_scale() -> tuple[int, int]:
    """(worstRating, bestRating) of the verdict scale, ignoring unscaled verdicts."""
    bounds = Rating.objects.filter(value__gt=0).aggregate(worst=Min("value"), best=Max("value"))
    return bounds["worst"] or 1, bounds["best"] or 1


def _date(value) -> str | None:
    return value.date().isoformat() if value else None


def claim_author(claim: Claim) -> dict[str, str] | None:
    """Who made the claim: its Speaker (a Person or an Organization), else the name as
    extraction wrote it (a Person), else the author of a document in their own words (a
    statement, speech, post or opinion piece). Select `speaker_ref` with the claim."""
    speaker = claim.speaker_ref if claim.speaker_ref_id else None
    if speaker is not None:
        kind = "Organization" if speaker.kind == SpeakerKind.ORGANIZATION else "Person"
        return {"@type": kind, "name": speaker.name}
    if claim.speaker_name:
        return {"@type": "Person", "name": claim.speaker_name}
    document = claim.document
    if document.author and document.kind in OWN_WORDS_KINDS:
        return {"@type": "Person", "name": document.author}
    return None


def _appearance(document: Document) -> dict[str, Any] | None:
    """Where the claim was made: the source's URL and headline (its date in its own offset)."""
    if not document.url:
        return None
    work: dict[str, Any] = {"@type": "CreativeWork", "url": document.url}
    if document.title:
        work["headline"] = document.title
    if document.published_at:
        work["datePublished"] = iso_local(document.published_at, document.published_tz)
    if document.publisher:
        work["publisher"] = {"@type": "Organization", "name": document.publisher}
    return work


def _item_reviewed(claim: Claim) -> dict[str, Any]:
    """The Claim: who made it, when (the document's local date; left out when unknown, never
    the day it was ingested), where it appeared and where it first did."""
    item: dict[str, Any] = {"@type": "Claim"}
    if author := claim_author(claim):
        item["author"] = author
    document = claim.document
    if local := document.published_local:
        item["datePublished"] = local.date().isoformat()
    if appearance := _appearance(document):
        item["appearance"] = appearance
        # The earliest we know of: the original's source when this one repeats a tracked claim.
        original = claim.duplicate_of.document if claim.duplicate_of_id else None
        item["firstAppearance"] = (original and _appearance(original)) or appearance
    return item


def short_wording(claim: Claim) -> str:
    """claimReviewed: the edited wording, shortened for aggregators."""
    wording = claim.wording
    return wording if len(wording) <= SHORT else wording[: SHORT - 1].rstrip() + "…"


def claim_review(claim: Claim, *, scale: tuple[int, int] | None = None) -> dict[str, Any]:
    """The ClaimReview of a published claim. Pass `scale` when building many (one query)."""
    worst, best = scale or rating_scale()
    organisation = {"@type": "Organization", "name": settings.CLAIMREVIEW_AUTHOR_NAME}
    if settings.CLAIMREVIEW_AUTHOR_URL:
        organisation["url"] = settings.CLAIMREVIEW_AUTHOR_URL
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.SITE_URL + claim.get_public_url(),
        "claimReviewed": short_wording(claim),
        "author": organisation,
        "datePublished": _date(claim.first_published_at or claim.published_at),
        "itemReviewed": _item_reviewed(claim),
    }
    if (
        claim.published_at
        and claim.first_published_at
        and claim.published_at != claim.first_published_at
    ):
        review["dateModified"] = _date(claim.published_at)
    if claim.verdict_summary:
        review["headline"] = claim.verdict_summary
    if claim.rating_id:
        rating = claim.rating
        review["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": rating.value if rating.value > 0 else UNSCALED_RATING_VALUE,
            "bestRating": best,
            "worstRating": worst,
            "alternateName": rating.name,
            "name": rating.name,
        }
    return review


def json_ld_script(data: dict[str, Any], nonce: Any = None) -> SafeString:
    """A <script type="application/ld+json"> block that text inside `data` cannot break out
    of: <, > and & are written as JSON unicode escapes. With the response's CSP `nonce`."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=False)
    payload = payload.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    if nonce is not None:  # a LazyNonce is false until first used
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, mark_safe(payload)
        )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
