"""What a published fact-check's public page shows, in one place: the public page renders it,
and the approve/publish confirmation previews it (a claim not yet public)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from claims.claimreview import (
    claim_author,
    claim_review,
    json_ld_script,
    rating_scale,
    short_wording,
)
from claims.models import Claim, EventAction, Rating
from claims.workflow import Status

# Colours of the verdict scale, from the truest to the falsest (white text stays readable on
# them); site.css has one class a colour (tone-0 .. tone-6, tone-x for unscaled verdicts), so
# a page needs no inline style.
SCALE_COLOURS = ("#1e7b34", "#4f9a3a", "#8a6d00", "#b45309", "#c2410c", "#b42318", "#7a1d14")
UNSCALED_COLOUR = "#5b6470"


def rating_legend() -> list[dict[str, Any]]:
    """The verdict scale, truest first, each with its colour (unscaled verdicts in grey)."""
    ratings = list(Rating.objects.order_by("-value"))
    scaled = [r for r in ratings if r.value > 0]
    legend = []
    for rating in ratings:
        tone = "x"
        if rating.value > 0:
            tone = str(scaled.index(rating) * (len(SCALE_COLOURS) - 1) // max(len(scaled) - 1, 1))
        legend.append(
            {
                "name": rating.name,
                "slug": rating.slug,
                "description": rating.description,
                "tone": tone,
                "colour": SCALE_COLOURS[int(tone)] if tone != "x" else UNSCALED_COLOUR,
            }
        )
    return legend


def where_said(claim: Claim) -> dict[str, Any]:
    """Who said it, when (in the source's own time zone) and where, with the source's link."""
    document = claim.document
    local = document.published_local  # shown as is: templates would convert it to TIME_ZONE
    return {
        "who": (claim_author(claim) or {}).get("name", ""),
        "when_iso": local.isoformat() if local else "",
        "when": f"{local.day} {local:%B %Y, %H:%M}" if local else "",
        "zone": document.published_tz,
        "where": document.title,
        "publisher": document.publisher,
        "url": document.url or "",
        "kind": document.get_kind_display(),
    }


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def byline(claim: Claim) -> dict[str, str]:
    """Who checked it (the assignee), who approved it (from the history), and the newsroom."""
    approval = (
        claim.events.filter(action=EventAction.TRANSITION, to_status=Status.APPROVED)
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    return {
        "checked_by": _person(claim.assignee),
        "approved_by": _person(approval.actor) if approval else "",
        "newsroom": settings.CLAIMREVIEW_AUTHOR_NAME,
    }


def public_page_context(claim: Claim, nonce: Any = None) -> dict[str, Any]:
    """The template context of `claims/public/fact_check.html` for `claim`; `nonce`: the
    response's CSP nonce for the JSON-LD block."""
    review = claim_review(claim, scale=rating_scale())
    legend = rating_legend()
    tone = next(
        (item["tone"] for item in legend if claim.rating and item["slug"] == claim.rating.slug),
        "x",
    )
    rating = claim.rating.name if claim.rating_id else "Not rated"
    title = f"Fact-check: {short_wording(claim)}"
    description = claim.verdict_summary or f"Our verdict: {rating}."
    return {
        "claim": claim,
        "wording": claim.wording,
        "review": review,
        "json_ld": json_ld_script(review, nonce=nonce),
        "canonical": review["url"],
        "legend": legend,
        "rating_tone": tone,
        "said": where_said(claim),
        "byline": byline(claim),
        "social": {
            "title": title[:200],
            "description": f"{rating}. {description}"[:300],
            "site_name": settings.CLAIMREVIEW_AUTHOR_NAME,
            "published": review["datePublished"],
        },
    }
