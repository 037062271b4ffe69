"""Template helpers for "seen before" and search: query words highlighted in a text."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.matching import tokens

register = template.Library()

_WORDS = re.compile(r"(\w+(?:[.,]\w+)*)")


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """`text`, escaped, with the words it shares with `query` in <mark>."""
    wanted = set(tokens(query or ""))
    parts = _WORDS.split(text or "")
    out = []
    for position, part in enumerate(parts):
        # split() with a group puts the words at the odd positions.
        if position % 2 and wanted and (found := tokens(part)) and found[0] in wanted:
            out.append(f"<mark>{escape(part)}</mark>")
        else:
            out.append(escape(part))
    return mark_safe("".join(out))


@register.filter
def percent(score: float) -> str:
    return f"{round(100 * (score or 0))}%"
