"""Feeds of published fact-checks: RSS and Atom (Django's syndication framework) and a JSON
Feed (jsonfeed.org 1.1), newest first, each item linking to its public page on SITE_URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from claims import selectors
from claims.claimreview import claim_review, rating_scale, short_wording
from claims.models import Claim

FEED_SIZE = 50


def _summary(claim: Claim) -> str:
    rating = claim.rating.name if claim.rating_id else "Not rated"
    return f"{rating}. {claim.verdict_summary}".strip()


class FactCheckFeed(Feed):
    """RSS 2.0 of the latest published fact-checks."""

    title = "Fact-checks"
    description = "The latest published fact-checks."

    def link(self) -> str:
        return settings.SITE_URL + reverse("claims:fact_checks")

    def items(self):
        return selectors.published_fact_checks()[:FEED_SIZE]

    def item_title(self, item: Claim) -> str:
        return short_wording(item)

    def item_description(self, item: Claim) -> str:
        return _summary(item)

    def item_link(self, item: Claim) -> str:
        return settings.SITE_URL + item.get_public_url()

    def item_guid(self, item: Claim) -> str:
        return f"{settings.SITE_URL}/fact-checks/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Claim):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item: Claim):
        return item.published_at

    def item_author_name(self) -> str:
        return settings.CLAIMREVIEW_AUTHOR_NAME

    def item_categories(self, item: Claim) -> list[str]:
        return [item.rating.name] if item.rating_id else []


class FactCheckAtomFeed(FactCheckFeed):
    feed_type = Atom1Feed
    subtitle = FactCheckFeed.description


@require_GET
def fact_checks_json(request: HttpRequest) -> JsonResponse:
    """A JSON Feed 1.1 whose items also carry their ClaimReview (`_claimreview`)."""
    scale = rating_scale()
    items: list[dict[str, Any]] = []
    for claim in selectors.published_fact_checks()[:FEED_SIZE]:
        review = claim_review(claim, scale=scale)
        published = claim.first_published_at or claim.published_at
        items.append(
            {
                "id": str(claim.pk),
                "url": review["url"],
                "title": review["claimReviewed"],
                "content_text": _summary(claim),
                "date_published": published.isoformat(),
                "date_modified": claim.published_at.isoformat(),
                "tags": [claim.rating.name] if claim.rating_id else [],
                "_claimreview": review,
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Fact-checks",
        "home_page_url": settings.SITE_URL + reverse("claims:fact_checks"),
        "feed_url": settings.SITE_URL + reverse("claims:fact_checks_json"),
        "authors": [{"name": settings.CLAIMREVIEW_AUTHOR_NAME}],
        "items": items,
    }
    return JsonResponse(feed, content_type="application/feed+json")
