"""A document's publication time zone: an IANA name ("Europe/London") or a fixed offset
("+01:00"), and publication dates given as ISO 8601 with their offset, in and out.

Pure Python (no Django): the services validate with it, the models and ClaimReview read it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
MAX_ZONE_LENGTH = 64


class BadDate(ValueError):
    """A date or time zone that cannot be read; the message says what is expected."""


def zone_error(name: str) -> str | None:
    """Why `name` is not a time zone we can use, or None ("" is allowed: unknown)."""
    if not name:
        return None
    try:
        parse_zone(name)
    except BadDate as error:
        return str(error)
    return None


def parse_zone(name: str) -> tzinfo:
    """The tzinfo for an IANA name or a "+HH:MM" offset; BadDate when it is neither."""
    if len(name) > MAX_ZONE_LENGTH:
        raise BadDate(f"A time zone name is at most {MAX_ZONE_LENGTH} characters.")
    if match := _OFFSET.match(name):
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        if delta >= timedelta(hours=24):
            raise BadDate(f"“{name}” is not an offset from UTC.")
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadDate(
            f"“{name}” is not a time zone: give an IANA name such as Europe/London, "
            "or an offset such as +01:00."
        ) from None


def zone_for(name: str) -> tzinfo:
    """The zone a stored name stands for; UTC when unknown (validated on the way in)."""
    try:
        return parse_zone(name) if name else UTC
    except BadDate:
        return UTC


def offset_name(value: datetime) -> str:
    """ "+01:00" for an aware datetime: the zone to keep when only an offset was given."""
    offset = value.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def parse_published(value: str, zone_name: str) -> tuple[datetime | None, str]:
    """Read a publication date ("2026-03-01", "2026-03-01T09:30", "2026-03-01T09:30+01:00")
    in the zone `zone_name` (an IANA name or offset, or "" for the offset given, else UTC).
    Returns the aware datetime (None for "") and the zone name to store."""
    value = (value or "").strip()
    if not value:
        return None, zone_name
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadDate(
            f"“{value[:40]}” is not a date: use ISO 8601, e.g. 2026-03-01T09:30:00+01:00."
        ) from None
    if not 1800 <= parsed.year <= 2200:  # the ends of Python's range overflow in conversions
        raise BadDate("Give a date between the years 1800 and 2200.")
    return localize(parsed, zone_name)


def localize(parsed: datetime, zone_name: str) -> tuple[datetime, str]:
    """An aware publication datetime and the zone name to store, from a parsed value (naive:
    read in `zone_name`, else UTC; aware without a zone name: its own offset is kept)."""
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=parse_zone(zone_name) if zone_name else UTC), zone_name
    if not zone_name:
        return parsed, offset_name(parsed)
    parse_zone(zone_name)
    return parsed, zone_name


def iso_local(value: datetime | None, zone_name: str) -> str | None:
    """ISO 8601 with the offset of the document's own zone, or None."""
    return value.astimezone(zone_for(zone_name)).isoformat() if value else None


@cache
def zone_names() -> list[str]:
    """The IANA time zones this machine knows, for a form's suggestions."""
    return sorted(name for name in available_timezones() if "/" in name)
