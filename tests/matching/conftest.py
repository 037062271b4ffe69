"""Helpers for the "seen before" tests: an archive imported through the real import."""

from __future__ import annotations

import json

import pytest

from claims.factchecks import factchecks_import
from claims.models import ExternalFactCheck

REWORDED = "Unemployment fell to 3.9 percent in 2019, the lowest rate since 1969."
EARLIER = {
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/unemployment-39",
    "claimReviewed": "Unemployment dropped to 3.9 percent in 2019, the lowest rate since 1969.",
    "headline": "Yes, unemployment hit 3.9% in 2019",
    "author": {"@type": "Organization", "name": "Example Checks"},
    "datePublished": "2019-06-02",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Jane Mayor"},
        "datePublished": "2019-05-30",
    },
    "reviewRating": {"@type": "Rating", "ratingValue": 5, "alternateName": "True"},
}
UNRELATED = {
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/bridge",
    "claimReviewed": "The old bridge over the river was built by volunteers in 1890.",
    "author": {"name": "Example Checks"},
    "reviewRating": {"alternateName": "Mostly true"},
}


def review(**changes) -> dict:
    return {**EARLIER, **changes}


@pytest.fixture
def archive(db):
    """archive(*claim_reviews) -> the ExternalFactChecks, imported as JSON-LD."""

    def load(*reviews: dict) -> list[ExternalFactCheck]:
        result = factchecks_import(data=json.dumps(list(reviews)), filename="test.json")
        assert not result.errors, result.errors
        return list(ExternalFactCheck.objects.order_by("id"))

    return load
