"""Template helpers for lists of claims: the check-worthiness band a score falls in."""

from __future__ import annotations

from django import template

from claims.selectors.triage import score_band as band_of

register = template.Library()


@register.filter
def score_band(score: float) -> str:
    """ "high", "medium" or "low" (the bands the triage filters use)."""
    return band_of(score or 0.0)
