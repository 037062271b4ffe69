"""Ratings: the verdict scale, edited by administrators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from claims import workflow
from claims.models import Rating


def rating_save(
    *,
    actor: Any,
    name: str,
    value: int,
    slug: str = "",
    description: str = "",
    rating: Rating | None = None,
) -> Rating:
    """Create a rating, or change `rating`. Ratings already used by claims keep their id, so
    published ClaimReviews follow the change."""
    workflow.enforce(workflow.rating_refusal(actor, creating=rating is None))
    name, description = (name or "").strip(), (description or "").strip()
    slug = slugify(slug or name)
    errors = {}
    if not name or len(name) > 50:
        errors["name"] = "Give a name of 1 to 50 characters."
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        errors["value"] = "The value is a whole number from 0 (no position) to 100."
    if len(description) > 300:
        errors["description"] = "The description is longer than 300 characters."
    others = Rating.objects.exclude(pk=rating.pk if rating else None)
    if "name" not in errors and others.filter(name__iexact=name).exists():
        errors["name"] = f"A rating named “{name}” already exists."
    if "value" not in errors and others.filter(value=value).exists():
        errors["value"] = f"Another rating already has the value {value}."
    if not slug or others.filter(slug=slug).exists():
        errors["slug"] = "Give a unique slug (letters, digits and hyphens)."
    if errors:
        raise ValidationError(errors)
    rating = rating or Rating()
    rating.name, rating.slug, rating.value, rating.description = name, slug, value, description
    rating.save()
    return rating
