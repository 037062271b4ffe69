"""The checkable particulars of a claim: its numbers, years and named actors.

Two claims that read alike but name a different number, year or actor are related, not the same
claim: "unemployment fell to 4%" has not been checked by a fact-check of "unemployment fell to 6%".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claims.matching.text import STOP_WORDS, clean, word_set

_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:%|percent\b|per\s*cent\b))?"
    r"(?:\s*(thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen", "twenty"),
        ]
    )
}
_WORD_NUMBER = re.compile(
    r"\b(" + "|".join(_WORD_NUMBERS) + r")\b(\s+(?:percent|per\s*cent)\b)?", re.I
)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]\.))*")
# Capitalised words that are not actors: sentence starts, titles, months, days, places in general.
_NOT_ACTORS = word_set(
    """president presidents governor senator congressman congresswoman rep representative sen
    mr mrs ms dr vice secretary former speaker mayor state states united america american
    americans january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    god yes well now look let okay thank thanks because if but and so when while new"""
)


@dataclass(frozen=True)
class Facts:
    numbers: frozenset[float]
    years: frozenset[int]
    actors: frozenset[str]


def _number_value(digits: str, percent: str | None, scale: str | None) -> float:
    value = float(digits.replace(",", ""))
    if scale:
        value *= _SCALE[scale.lower()]
    return value


@lru_cache(maxsize=65_536)
def facts(text: str) -> Facts:
    """Numbers (scaled: "2 million" = 2e6), years (1800-2100) and actors (surnames, lower case)."""
    text = clean(text)
    numbers: set[float] = set()
    years: set[int] = set()
    for match in _NUMBER.finditer(text):
        digits, percent, scale = match.groups()
        value = _number_value(digits, percent, scale)
        if (
            not percent
            and not scale
            and "," not in digits
            and value.is_integer()
            and 1800 <= value <= 2100
        ):
            years.add(int(value))
        else:
            numbers.add(value)
    for match in _WORD_NUMBER.finditer(text):
        numbers.add(float(_WORD_NUMBERS[match.group(1).lower()]))
    actors = set()
    for match in _NAME.finditer(text):
        words = match.group(0).replace("-", " ").split()
        kept = [w.lower() for w in words if not w.endswith(".")]
        kept = [w for w in kept if w not in _NOT_ACTORS and w not in STOP_WORDS]
        if not kept:
            continue
        # One capitalised word opening a sentence is just a sentence opening ("Taxes rose").
        at = match.start() - 1
        while at >= 0 and text[at] == " ":
            at -= 1
        if len(words) == 1 and (at < 0 or text[at] in '.!?:"\u201c'):
            continue
        actors.add(kept[-1])
    return Facts(frozenset(numbers), frozenset(years), frozenset(actors))


def compare(query: Facts, candidate: Facts) -> dict:
    """What the two share and where they differ, as Match.why.

    A kind differs when both sides name at least one value of it and they share none: a claim
    that leaves a number out has not contradicted it, but one with other numbers only has.
    """
    why: dict = {"shared": [], "differs": []}
    for kind in ("numbers", "years", "actors"):
        mine, theirs = getattr(query, kind), getattr(candidate, kind)
        shared = sorted(mine & theirs, key=str)
        why["shared"] += [_show(kind, value) for value in shared]
        if mine and theirs and not shared:
            why["differs"].append(kind[:-1])
            why[kind] = {
                "query": sorted(map(_show_value, mine)),
                "match": sorted(map(_show_value, theirs)),
            }
    return why


def _show_value(value) -> str:
    if isinstance(value, float):
        return f"{value:g}" if value < 1e6 else f"{value:,.0f}"
    return str(value)


def _show(kind: str, value) -> str:
    return f"{kind[:-1]}:{_show_value(value)}"
