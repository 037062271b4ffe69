"""Input rules every face shares: the one check of an http(s) address, with its one message,
and the largest id a request may name."""

from __future__ import annotations

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
