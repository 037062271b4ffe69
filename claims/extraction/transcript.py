"""Transcript speaker labels and stage directions.

Real transcripts write who speaks in a few layouts, all recognised here:

* inline: ``TRUMP: We lost ...``, ``Sen. Warren: ...``, ``[00:12:31] Biden: ...``,
  ``Joe Biden: (01:15) ...``, ``MODERATOR (HOLT): ...``, ``Q: ...`` / ``A: ...``;
* on a line of its own, with or without a colon: ``Chris Wallace:`` or ``WALLACE``, the
  words on the lines below.

A label names the speaker of every line after it until the next label; a stage direction
(``(APPLAUSE)``, ``[ crosstalk ]``) does not end a turn and is never a claim.

A label must look like one: a short run of capitalised words (or a role such as ``Q``),
not a heading word ("ANALYSIS", "UPDATE"), and the document must read as a transcript: a
one-line text, or at least two labels with a colon; a label without a colon (``WALLACE`` on
its own line) counts once its name recurs, as speakers' names do in a dialogue. A wire
story's lone heading ("ANALYSIS: ...", "CHINA MANUFACTURING") is not a transcript.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ROLE_LABELS", "LabelLine", "find_labels", "is_stage_direction", "label_name"]

_TIME = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?[\])]?)"
_UPPER = r"[A-Z][A-Z.'’\-]*(?:[ ,][A-Z][A-Z.'’\-]*){0,5}"
_MIXED = r"(?:[A-Z][\w.'’\-]*\.?\s){0,4}[A-Z][\w'’\-]+"
_PAREN = r"(?:\s*\([^)\n]{1,40}\))?"
_NAME = rf"(?:{_UPPER}|{_MIXED}){_PAREN}"
_INLINE = re.compile(
    rf"(?:{_TIME}\s*)?(?P<label>{_NAME})\s*(?:{_TIME}\s*)?:\s*(?:{_TIME}\s*)?(?=\S)"
)
_OWN_LINE = re.compile(rf"(?:{_TIME}\s*)?(?P<label>{_NAME})\s*(?:{_TIME}\s*)?:?\s*(?:{_TIME})?")

ROLE_LABELS = frozenset(
    """q a question answer moderator interviewer host announcer narrator audience reporter
    unidentified male female questioner participant speaker panelist""".split()  # noqa: SIM905
)
# Words that open a heading, a credit or a note rather than a speaker's label.
_NOT_LABELS = frozenset(
    """photo photos image images credit credits caption source sources related read more
    note update updated editor's editors note correction corrections advertisement watch
    listen see also tags topics filed under share subscribe follow warning disclaimer
    video published posted analysis opinion editorial comment commentary review
    exclusive breaking live factbox explainer timeline background context fact check
    summary highlights transcript edition by dateline contact email phone tel fax web
    website url subject re from to cc date time location venue place when where what why
    how tip tips step chapter part section table figure appendix update warning
    attention urgent alert the a an this that it in on at for and or but""".split()  # noqa: SIM905
)
# A line that is nothing but bracketed asides: "(APPLAUSE)", "[ crosstalk ]", "(Laughter.)".
_ONLY_STAGE = re.compile(r"^\s*(?:[(\[]{1,2}[^()\[\]\n]{1,80}[)\]]{1,2}\s*[.,]?\s*)+$")


@dataclass(frozen=True, slots=True)
class LabelLine:
    index: int  # of the line in the list given to find_labels
    label: str  # as written, spaces collapsed, timestamps dropped
    words_start: int  # where the words start (== line end for a label on its own line)
    own_line: bool


def is_stage_direction(text: str) -> bool:
    """A sentence that is only a stage direction: "(APPLAUSE)", "[ crosstalk ]"."""
    return _ONLY_STAGE.match(text) is not None


def label_name(label: str) -> str:
    """ "MODERATOR (LESTER HOLT)" -> "Lester Holt"; "TRUMP" -> "Trump"."""
    inner = re.search(r"\(([^)]+)\)", label)
    name = inner.group(1) if inner and not re.search(r"\d", inner.group(1)) else label
    name = re.sub(r"\s*\([^)]*\)", "", name).split(",")[0].strip()
    return name.title() if name.isupper() else name


def _looks_like_label(label: str) -> bool:
    words = label.lower().replace("’", "'").split()
    if label.rstrip(".").lower() in ROLE_LABELS:
        return True
    if not words or len(label) > 50 or words[0].rstrip(".:") in _NOT_LABELS:
        return False
    bare = re.sub(r"\s*\([^)]*\)", "", label)
    if len(bare.split()) > 6:
        return False
    if len(bare) <= 2:
        return bare.lower() in ROLE_LABELS
    return True


def _candidate(text: str, start: int, end: int, index: int) -> LabelLine | None:
    line = text[start:end]
    if len(line) <= 60 and (own := _OWN_LINE.fullmatch(line)) is not None:
        label = " ".join(own.group("label").split())
        if _looks_like_label(label) and not is_stage_direction(line):
            return LabelLine(index, label, end, True)
    match = _INLINE.match(text, start, end)
    if match is None:
        return None
    label = " ".join(match.group("label").split())
    if not _looks_like_label(label) or re.match(r"\d", text[match.end() : match.end() + 1] or "x"):
        return None  # "Chapter 3: ..." or "Score: 3-1" style
    return LabelLine(index, label, match.end(), False)


def find_labels(
    text: str, lines: Sequence[tuple[int, int]], *, transcript: bool = False
) -> dict[int, LabelLine]:
    """Line index -> its label, when the document reads as a transcript (see module doc).
    In a document known to be a transcript, one label with a colon is enough (a speech)."""
    found = {}
    for index, (start, end) in enumerate(lines):
        candidate = _candidate(text, start, end, index)
        if candidate is None:
            continue
        if candidate.own_line and not _speech_follows(text, lines, index):
            continue
        found[index] = candidate
    colon = [c for c in found.values() if not c.own_line or text[lines[c.index][1] - 1] == ":"]
    bare = [c for c in found.values() if c not in colon]
    enough = 1 if transcript or len(lines) == 1 else 2
    keep: list[LabelLine] = list(colon) if len(colon) >= enough else []
    names = Counter(label_name(c.label).lower() for c in [*keep, *bare])
    if bare and (max(names.values()) >= 2 or keep):
        keep.extend(c for c in bare if names[label_name(c.label).lower()] >= 2 or c.label.isupper())
    return {c.index: c for c in keep}


def _speech_follows(text: str, lines: Sequence[tuple[int, int]], index: int) -> bool:
    if index + 1 >= len(lines):
        return False
    start, end = lines[index + 1]
    following = text[start:end]
    return _OWN_LINE.fullmatch(following) is None or is_stage_direction(following)
