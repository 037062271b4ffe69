"""Input rules every face shares: the one check of an http(s) address, with its one message,
the largest id a request may name, and the length limits of free text."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Ids are BigAutoField (PostgreSQL bigint): a larger number in a request is a 400 naming the
# field, never an overflow in the database.
MAX_ID = 2**63 - 1

MAX_URL_LENGTH = 2000
URL_MESSAGE = "Give a complete http:// or https:// address."
URL_TOO_LONG_MESSAGE = f"The URL is longer than {MAX_URL_LENGTH} characters."

_HTTP_URL = URLValidator(schemes=["http", "https"], message=URL_MESSAGE)


def validate_http_url(url: str) -> None:
    """Raise ValidationError unless `url` is a complete http(s) address of acceptable length
    (a form field's validator, and the services' check)."""
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(URL_TOO_LONG_MESSAGE, code="max_length")
    _HTTP_URL(url)


def url_error(url: str) -> str | None:
    """Why `url` is not an acceptable http(s) address, or None."""
    try:
        validate_http_url(url)
    except ValidationError as error:
        return error.messages[0]
    return None


# Free-text fields: field name -> (setting holding its limit in characters, what it is).
# Without limits, a 12 MB explanation made every read of its claim slow and memory-hungry.
TEXT_LIMITS = {
    "verdict_summary": ("LIMIT_VERDICT_SUMMARY", "The summary"),
    "verdict_explanation": ("LIMIT_VERDICT_EXPLANATION", "The explanation"),
    "excerpt": ("LIMIT_EVIDENCE_EXCERPT", "The excerpt"),
    "title": ("LIMIT_TITLE", "The title"),
    "publisher": ("LIMIT_PUBLISHER", "The publisher"),
    "body": ("LIMIT_COMMENT", "The comment"),
    "note": ("LIMIT_NOTE", "The note"),
}


def text_limit_errors(**values: str) -> dict[str, str]:
    """{field: message} for each value longer than its field's limit (TEXT_LIMITS)."""
    errors = {}
    for field, value in values.items():
        setting, label = TEXT_LIMITS[field]
        limit = getattr(settings, setting)
        if len(value) > limit:
            errors[field] = f"{label} is longer than {limit:,} characters."
    return errors


def validate_text_limits(**values: str) -> None:
    """Raise ValidationError naming each field whose value is over its limit."""
    if errors := text_limit_errors(**values):
        raise ValidationError(errors)
