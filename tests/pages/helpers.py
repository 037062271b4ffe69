from django.utils import timezone

from tests.factories import ClaimFactory, EvidenceFactory, rating


def published_claim(**kwargs):
    """A claim already through the workflow (built directly: these tests are about pages)."""
    now = timezone.now()
    defaults = {
        "status": "published",
        "published_at": now,
        "first_published_at": now,
        "slug": "unemployment-fell",
        "rating": rating("false"),
        "verdict_summary": "Unemployment was 4.1 percent, not 3.9.",
        "verdict_explanation": "The statistics office reports 4.1 percent for 2019.",
        "speaker": "the mayor",
        "speaker_resolved": "Jane Doe",
    }
    claim = ClaimFactory(**{**defaults, **kwargs})
    EvidenceFactory(claim=claim)
    return claim
