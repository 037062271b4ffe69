"""History rows: what a "Details updated" row changed, field by field (old -> new)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def changes(data: Any) -> list[dict[str, Any]]:
    """[{field, old, new}] from an event's data {field: [old, new]}; other keys skipped."""
    if not isinstance(data, dict):
        return []
    return [
        {"field": field.replace("_", " "), "old": value[0], "new": value[1]}
        for field, value in data.items()
        if isinstance(value, list) and len(value) == 2
    ]
