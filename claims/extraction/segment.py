"""Sentences with exact character offsets, and the boilerplate filter.

Segmentation is rule-based on the normalized text rather than spaCy's parser: the parser
splits after "Gen." or "U.S.", leaves a closing quote mark on its own, and costs time we
would rather spend on the tagger and NER. Rules:

* A paragraph break (blank line) always ends a sentence. A single newline does too, unless
  it looks like a hard wrap (the line does not end a sentence and the next starts lowercase).
* A sentence ends at ``.``, ``!``, ``?`` or an ellipsis, plus any closing quotes and
  brackets, when whitespace and a plausible sentence start follow.
* No split after a title ("Dr.", "Gen.", "Mr."), an initial ("John F. Kennedy"), or an
  initialism ("U.S.", "a.m.") unless the next word is a typical sentence opener.
* A spaced ellipsis ("the regime … North Korea") marks an omission, not an ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .transcript import find_labels, is_stage_direction

__all__ = [
    "Line",
    "Sentence",
    "is_boilerplate",
    "is_stage_direction",
    "split_lines",
    "split_sentences",
]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True, slots=True)
class Line:
    """A run of text between hard breaks, with its transcript speaker label if any."""

    start: int
    end: int
    label: str = ""  # "TRUMP" for a transcript line "TRUMP: ..."


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    label: str = ""


# Abbreviations after which a period never ends a sentence (titles and "e.g.").
_TITLES = _wordset(
    """mr mrs ms messrs dr prof gen lt col capt cpt sgt cmdr adm maj brig gov sen rep rev
    hon pres supt det insp st mt ft fr no nos vs v cf e.g i.e approx dept univ assn
    fig vol pp ca gens sens reps ave blvd rd"""
)
# Abbreviations that may also end a sentence ("... Apple Inc. The company ...").
_MAYBE_FINAL = _wordset(
    """inc corp co ltd llc bros etc jr sr est jan feb mar apr jun jul aug sep sept oct nov dec
    a.m p.m u.s u.k u.n e.u d.c l.a n.y"""
)
# Words that typically open a sentence: after an initialism or "etc." these mean a new one.
_OPENERS = _wordset(
    """a an the he she it they we i you this that these those there his her its their our
    my your but and so yet or if when while after before although though because since as
    in on at for with by from to of not no yes then now also however meanwhile still
    what who why how where which some many most all both each every one two another
    mr mrs ms dr"""
)

# Candidate ends: terminal punctuation, then closing quotes/brackets, then whitespace.
_END = re.compile(r"(?:\.\.\.|…|[.!?]+)[\"”’'»)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+([\"“‘'«(\[]*)([^\s]+)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]$")
_CLOSERS = "\"”’'»)]"

_TERMINAL = tuple('.!?…:;"”’)]')


def split_lines(text: str, *, transcript: bool = False) -> list[Line]:
    """Hard-break units of the document: paragraphs, or lines that are not hard wraps.
    ``transcript``: the document is known to be one, so a lone speaker label counts too."""
    lines: list[Line] = []
    pos = 0
    pieces: list[tuple[int, int]] = []
    for raw in text.split("\n"):
        pieces.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    current: list[int] | None = None  # [start, end] of the unit being built
    for start, end in pieces:
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            if current is not None:
                lines.append(Line(current[0], current[1]))
                current = None
            continue
        start += len(line) - len(line.lstrip())
        end -= len(line) - len(line.rstrip())
        if (
            current is not None
            and not text[current[1] - 1].endswith(_TERMINAL)
            and stripped[0].islower()
        ):
            current[1] = end  # hard wrap: the sentence continues on this line
            continue
        if current is not None:
            lines.append(Line(current[0], current[1]))
        current = [start, end]
    if current is not None:
        lines.append(Line(current[0], current[1]))
    labelled = _labelled(text, lines, transcript)
    return [piece for line in labelled for piece in _bounded(text, line)]


def _labelled(text: str, lines: list[Line], transcript: bool) -> list[Line]:
    """Lines with their transcript speaker; a label on its own line is dropped."""
    labels = find_labels(text, [(line.start, line.end) for line in lines], transcript=transcript)
    if not labels:
        return lines
    result = []
    current = ""
    for index, line in enumerate(lines):
        found = labels.get(index)
        if found is not None:
            current = found.label
            if found.own_line:
                continue
            line = Line(found.words_start, line.end)
        result.append(Line(line.start, line.end, current))
    return result


# spaCy refuses texts over nlp.max_length (1,000,000 characters) and needs memory in
# proportion: a paragraph longer than this is cut at a sentence end (or a space) before it.
MAX_LINE_CHARS = 20_000
_CUT = re.compile(r"[.!?][”\"’')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9])")


def _bounded(text: str, line: Line) -> list[Line]:
    pieces = []
    start = line.start
    while line.end - start > MAX_LINE_CHARS:
        limit = start + MAX_LINE_CHARS
        cut = None
        for match in _CUT.finditer(text, start + MAX_LINE_CHARS // 2, limit):
            cut = match
        if cut is not None:
            end, next_start = cut.start() + len(cut.group().rstrip()), cut.end()
        else:
            space = text.rfind(" ", start + 1, limit)
            end = space if space > start else limit
            next_start = end + 1 if space > start else limit
        pieces.append(Line(start, end, line.label))
        start = next_start
    pieces.append(Line(start, line.end, line.label))
    return pieces


def _ends_sentence(text: str, stop: int, end: int, match_text: str) -> bool:
    """Whether the punctuation match ending at ``stop`` is a real sentence end."""
    nxt = _NEXT_START.match(text, stop, end)
    if nxt is None:
        return False
    opener, word = nxt.group(1), nxt.group(2)
    first = word[0]
    if not (first.isupper() or first.isdigit() or opener):
        return False  # '"Why?" he asked.' / 'a.m. on Monday'
    bare = word.strip("\"”’'.,;:!?)").lower()
    punct = match_text.rstrip(_CLOSERS)
    if punct in ("...", "…"):
        # "regime … North Korea" is an omission; "absolutely... I mean" ends a sentence.
        before = text[stop - len(match_text) - 1 : stop - len(match_text)]
        return bool(before) and not before.isspace() and (bare in _OPENERS or bool(opener))
    if punct != ".":
        return True
    if match_text != ".":
        return True  # '... denuclearization.”' - the closing quote confirms the end
    # Look only at the last few dozen characters: a search from 0 is quadratic on long text.
    word_before = _WORD_BEFORE.search(text, max(0, stop - 64), stop)
    if word_before is None:
        return True
    token = word_before.group(1).lstrip("\"“‘'([")
    key = token[:-1].lower()
    if key in _TITLES:
        return False
    if _INITIAL.match(token[:-1]):
        return bare in _OPENERS and bare != "a"
    if key in _MAYBE_FINAL or _INITIALISM.match(token):
        return bare in _OPENERS or bool(opener)
    return True


# A wire-story dateline opening a paragraph: "WASHINGTON (Reuters) - ", "NEW YORK, May 3 (AP) — ".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’\-]+(?:\ [A-Z][A-Z.'’\-]+){0,3}(?:,\ [^()\n—–]{1,30}?)?"
    r"\ ?(?:\([A-Za-z .]{1,30}\))?\ ?(?:—|–|--|-)\ +(?=[A-Z“\"‘'])"
)


def split_sentences(text: str, lines: list[Line] | None = None) -> list[Sentence]:
    """Sentences of the whole document, in order, stripped, never across a hard break.
    A dateline opening a paragraph is not part of its first sentence."""
    sentences: list[Sentence] = []
    for line in lines if lines is not None else split_lines(text):
        start = line.start
        if (dateline := _DATELINE.match(text, start, line.end)) is not None:
            start = dateline.end()
        for match in _END.finditer(text, line.start, line.end):
            if _ends_sentence(text, match.end(), line.end, match.group()):
                sentences.append(Sentence(start, match.end(), line.label))
                start = _NEXT_START.match(text, match.end()).start(1)
        if start < line.end:
            sentences.append(Sentence(start, line.end, line.label))
    return _merge_fragments(text, sentences)


def _merge_fragments(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """Glue a stray closing quote or bracket onto the sentence before it."""
    merged: list[Sentence] = []
    for sentence in sentences:
        piece = text[sentence.start : sentence.end]
        if (
            merged
            and piece.strip(_CLOSERS + ".,;:!? ") == ""
            and "\n" not in text[merged[-1].end : sentence.start]
        ):
            merged[-1] = Sentence(merged[-1].start, sentence.end, merged[-1].label)
        else:
            merged.append(sentence)
    return merged


# Boilerplate: subscription appeals, bylines, credits, share prompts, copyright lines.
_BOILERPLATE = re.compile(
    r"""
    \bsign\ (?:up|in)\b
    | \bclick\ here\b
    | ^(?:read\ more|related|see\ also|more\ on\ this|recommended|advertisement)\b
    | \bread\ more\b\s*[:»>…]?\s*$
    | \bshare\ (?:this|on|via)\b
    | \b(?:follow|like)\ us\ on\b
    | \ball\ rights\ reserved\b
    | ©|\(c\)\ \d{4}|^copyright\b
    | \b(?:AP|AFP|Reuters|Getty|EPA|Bloomberg)\ (?:Photo|Images)\b
    | \bGetty\ Images\b
    | ^(?:photo|photograph|image|picture|video|credit|caption|illustration)s?\ ?(?::|by\b)
    | \bphoto\ (?:credit|by|courtesy)\b
    | ^(?:staff|senior|special|contributing)\ (?:writer|reporter|correspondent)\b
    | \b(?:staff\ writer|staff\ reporter)s?\s*$
    | \b(?:support|fund)\ (?:our|independent|quality)\ journalism\b
    | \bquality\ journalism\b
    | \bhelp\ us\ (?:get\ the\ story|keep|continue)\b
    | \b(?:download|get)\ (?:our|the)\ app\b
    | \bcookies?\ (?:policy|settings)\b|\bprivacy\ policy\b|\bterms\ of\ (?:use|service)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BYLINE = re.compile(
    r"^(?:By|BY)\s+[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|and|&|de|van|von|la|le)){0,6}"
    r"\s*(?:[,|/–—-].{0,60})?$"
)
_DATELINE_ONLY = re.compile(
    r"^(?:published|updated|posted|last\ updated)\b.{0,60}$", re.IGNORECASE | re.VERBOSE
)


# Words that are furniture only in an appeal to the reader: "Netflix added 9 million
# subscribers" is news, "Subscribe to our newsletter" is not.
_APPEAL_TOPIC = re.compile(r"\bsubscri(?:be|bing|ption|ber)s?\b|\bnewsletters?\b", re.IGNORECASE)
_APPEAL = re.compile(
    r"\b(?:you|your|our|us|today|now)\b|^(?:subscribe|join|get|become|support|try)\b",
    re.IGNORECASE,
)


def is_boilerplate(sentence: str) -> bool:
    """Whether a sentence is site furniture rather than article content."""
    stripped = sentence.strip()
    if not stripped:
        return True
    if _BYLINE.match(stripped) and len(stripped) < 100:
        return True
    if _APPEAL_TOPIC.search(stripped) and _APPEAL.search(stripped):
        return True
    return bool(_BOILERPLATE.search(stripped) or _DATELINE_ONLY.match(stripped))
