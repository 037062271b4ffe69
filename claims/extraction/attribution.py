"""Who said each sentence: transcript labels, single-speaker documents, reported speech.

For each sentence, in order of precedence:

* a transcript label (see ``transcript``) names its speaker, whatever the sentence quotes;
* reported speech found in the sentence (see ``reported``): "X said", "said X", appositions,
  "according to X";
* a quote that runs over several sentences gives all of them the speaker found in any one of
  them, and an unattributed quote right after an attributed one continues it;
* in a single-speaker document (a speech, statement, op-ed or social post, or a transcript
  without labels) every other sentence is the author's. An article's author is its
  journalist and never a speaker.

What is written is then resolved to a full name (see ``coref``); a speaker the code cannot
resolve keeps its written form with an empty resolved name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .coref import ORG_PRONOUNS, PERSON_PRONOUNS, Registry, Resolved, strip_title
from .reported import find_speaker
from .transcript import ROLE_LABELS, label_name

__all__ = [
    "MENTION_LABELS",
    "SINGLE_SPEAKER_KINDS",
    "Attribution",
    "Mention",
    "SentenceInfo",
    "attribute",
    "find_speaker",
]

MENTION_LABELS = frozenset({"PERSON", "ORG"})
SINGLE_SPEAKER_KINDS = frozenset({"statement", "speech", "opinion", "social_post"})
_PRONOUNS = PERSON_PRONOUNS | ORG_PRONOUNS | {"i", "we"}


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    text: str  # as tagged: "Shinzo Abe", "Pence’s", "Facebook"
    label: str = "PERSON"  # spaCy's entity label: PERSON or ORG


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    start: int
    text: str
    paragraph: int  # index of the hard-break unit the sentence belongs to
    label: str = ""  # transcript speaker label
    parsed: str = ""  # the speaker a dependency parse shows, when the text was parsed


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str = ""
    speaker_resolved: str = ""
    is_quote: bool = False
    speaker_kind: str = ""  # "person", "organization" or ""


def _quote_marks(text: str, open_before: bool) -> tuple[bool, bool]:
    """(contains quoted words, quote still open at the end)."""
    is_open = open_before
    quoted = open_before
    for char in text:
        if char == "“" or (char == '"' and not is_open):
            is_open = True
            quoted = True
        elif char == "”" or (char == '"' and is_open):
            is_open = False
    return quoted, is_open


class _Speakers:
    """Resolution state while reading a document: the registry and the last speaker."""

    def __init__(self, text: str, mentions: Sequence[Mention], author: str) -> None:
        self.registry = Registry(text, mentions)
        self.author = author.strip()
        self.last: Resolved | None = None

    def of(self, sentence: SentenceInfo) -> Attribution:
        if sentence.label:
            return self._label(sentence.label)
        written = find_speaker(sentence.text) or sentence.parsed
        if not written:
            subject = self.registry.subject(sentence.start, sentence.text)
            if subject is not None:
                self.last = subject
            return Attribution()
        resolved = self.registry.resolve(written, self.last)
        if written.lower() not in _PRONOUNS:
            # "a senior official told reporters": a later "he" is then not known.
            self.last = resolved
        elif resolved.name:
            self.last = resolved
        return Attribution(written, resolved.name, False, resolved.kind)

    def _label(self, label: str) -> Attribution:
        name = label_name(label)
        role = re.sub(r"[^a-z ]", "", name.lower()).strip()
        if role in ("a", "answer") and self.author:
            return Attribution(label, self.author, False, "person")
        if role in ROLE_LABELS:
            return Attribution(label, "", False, "")
        self.registry.learn_label(name)
        resolved = self.registry.resolve(name, None)
        if not resolved.name:
            resolved = Resolved(strip_title(name), "person")
        self.last = resolved
        return Attribution(label, resolved.name, False, resolved.kind or "person")


def attribute(
    text: str,
    sentences: Sequence[SentenceInfo],
    mentions: Sequence[Mention],
    *,
    author: str = "",
    kind: str = "",
) -> list[Attribution]:
    """One Attribution per sentence, in order (see the module doc for ``author``/``kind``)."""
    speakers = _Speakers(text, mentions, author)
    results: list[Attribution] = []
    open_quote = False
    previous: SentenceInfo | None = None
    group: list[int] = []  # indices of the sentences of the quote being read
    inherited: Attribution | None = None  # speaker of the quote right before this one
    for index, sentence in enumerate(sentences):
        speakers.registry.advance(sentence.start + len(sentence.text))
        new_paragraph = previous is None or previous.paragraph != sentence.paragraph
        body = sentence.text.lstrip()
        if new_paragraph and open_quote and not body.startswith(("“", '"')):
            open_quote = False  # an unclosed quote does not run into a plain paragraph
            _share_speaker(results, group, inherited)
            group = []
        continuing = open_quote
        quoted, open_quote = _quote_marks(sentence.text, open_quote)
        # Scare quotes ("maximum pressure") are not speech; a sentence that opens with a
        # quote mark is, however short ("It's a disgrace.").
        opens_quote = body.startswith(("“", '"'))
        quoted = continuing or (quoted and (opens_quote or _quoted_words(sentence.text) >= 4))
        found = speakers.of(sentence)
        results.append(
            Attribution(found.speaker, found.speaker_resolved, quoted, found.speaker_kind)
        )

        if quoted and not sentence.label:
            if not group:
                before = results[index - 1] if index else None
                inherited = before if opens_quote and before and before.is_quote else None
            group.append(index)
            if not open_quote:
                _share_speaker(results, group, inherited)
                group = []
        elif group:
            _share_speaker(results, group, inherited)
            group = []
        previous = sentence
    if group:
        _share_speaker(results, group, inherited)
    if author and (
        kind in SINGLE_SPEAKER_KINDS
        or (kind == "transcript" and not any(s.label for s in sentences))
    ):
        results = [_by_author(r, author) for r in results]
    return results


def _by_author(result: Attribution, author: str) -> Attribution:
    """A single-speaker document: what nobody else is said to have said is the author's."""
    if result.speaker and result.speaker.lower() not in ("i", "we"):
        return result
    return Attribution(author, author, result.is_quote, "person")


def _quoted_words(text: str) -> int:
    count = 0
    inside = False
    for piece in re.split(r"([“”\"])", text):
        if piece in ("“", "”", '"'):
            inside = piece == "“" or (piece == '"' and not inside)
        elif inside:
            count += len(piece.split())
    return count


def _share_speaker(
    results: list[Attribution], group: list[int], inherited: Attribution | None
) -> None:
    """Every sentence of one quote gets the speaker found in any of them.

    A quote with no attribution of its own, opening right after an attributed quote,
    continues that speaker's words (a second quoted paragraph in news style).
    """
    source = next((results[i] for i in reversed(group) if results[i].speaker), None)
    if source is None and inherited is not None and inherited.speaker:
        source = inherited
    if source is None:
        return
    for i in group:
        if not results[i].speaker:
            results[i] = Attribution(
                source.speaker, source.speaker_resolved, True, source.speaker_kind
            )
