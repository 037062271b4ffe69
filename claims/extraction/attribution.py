"""Who said each sentence: quote attribution and speaker resolution.

Patterns, in the order tried on each sentence:

* ``“…,” Abe said`` / ``“…,” said Kazuhiro Maeshima, a professor`` (after a closing quote);
* ``Pence said: “…”`` (before an opening quote);
* ``Maeshima said it is hard …`` / ``…, a Japanese official told reporters`` (reported speech);
* ``according to the ministry``;
* a transcript label (``TRUMP: …``) overrides all of these.

A quote that runs over several sentences gives all of them the speaker found in any one of
them, and an unattributed quote right after an attributed one continues it. Resolution turns
what is written into a full name: a pronoun is the last named speaker, a surname or a title
("the vice president") is the person last mentioned with it, titles are stripped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Attribution", "PersonMention", "SentenceInfo", "attribute", "find_speaker"]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_VERBS = (
    r"(?:said|says|say|added|adds|told|tells|noted|notes|explained|explains|stated|argued|"
    r"argues|claimed|claims|asked|asks|warned|warns|insisted|insists|wrote|writes|continued|"
    r"recalled|remarked|replied|answered|declared|declares|announced|announces|emphasized|"
    r"stressed|acknowledged|admitted|cautioned|observed|suggested|countered|conceded|"
    r"testified|tweeted|posted|predicted|promised|vowed|pledged|urged|concluded|contended)"
)
_NAME = (
    r"(?:[A-Z][\w.’'\-]*(?:\s(?:of\s(?:the\s)?|de\s|van\s|von\s|bin\s|al-|da\s)?"
    r"[A-Z][\w.’'\-]*){0,5})"
)
_DESC = r"(?:(?:the|a|an|another|one|The|A|An|Another|One)\s(?:[\w.’'\-]+\s){0,5}?[\w’'\-]+)"
_PRON = r"(?:he|she|they|He|She|They|I|we|We)"
# "Orlando coach Oscar Pareja", "Apple chief executive Tim Cook".
_ROLE = (
    r"(?:coach|manager|chief|executive|officer|spokesman|spokeswoman|spokesperson|director|"
    r"president|chairman|chairwoman|minister|secretary|senator|governor|founder|analyst|"
    r"economist|professor|lawyer|attorney|leader|captain|striker|quarterback|star|author|"
    r"editor|researcher|scientist|official|mayor|commissioner|ambassador|general|head)"
)
_ROLE_NAME = rf"(?:(?:[A-Z][\w.’'\-]*\s){{0,3}}{_ROLE}(?:\s{_ROLE}){{0,2}}\s{_NAME})"
_SPEAKER = rf"(?:{_PRON}|{_DESC}|{_ROLE_NAME}|{_NAME})"
_ADVERB = r"(?:\s(?:also|later|then|further|again|previously|once|has|had|have|recently))?"

_AFTER_QUOTE = re.compile(
    rf"[,!?…—–-]?[”\"]\s*(?:(?P<sp>{_SPEAKER}){_ADVERB}\s{_VERBS}\b"
    rf"|{_VERBS}\s(?P<sp2>{_PRON}|{_DESC}|{_NAME})(?=[,.;:!?]|\s(?:in|at|on|during|after|"
    rf"before|to|of|who|as)\b|$))"
)
_BEFORE_QUOTE = re.compile(rf"(?P<sp>{_SPEAKER}){_ADVERB}\s{_VERBS}[,:]?\s[“\"]")
_REPORTED = re.compile(
    rf"(?:^|[,;]\s|\b(?:and|but|But|And)\s)[“\"]?(?P<sp>{_SPEAKER}){_ADVERB}\s{_VERBS}\b(?!\s(?:to|for|by|about)\b)"
)
# "Smith, a professor at Yale, said ..." / "“…,” Smith, who chairs the panel, said."
_APPOSITIVE = re.compile(
    rf"(?:^|[”\"]\s*|[,;]\s)(?P<sp>{_ROLE_NAME}|{_NAME}|{_DESC}),\s(?:a|an|the|who|whose|which)\s"
    rf"[^“”\"]{{1,100}}?,\s(?:also\s)?{_VERBS}\b"
)
_ACCORDING = re.compile(
    rf"\b[Aa]ccording\sto\s(?P<sp>(?:the|a|an|The|A|An)\s[^,.;:!?“”\"]+?|{_NAME})(?=[,.;:!?]|$)"
)

_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
# Words that make up a title before a name ("Chief Cabinet Secretary", "U.S. Vice President").
_TITLE_HEADS = _wordset(
    """president minister secretary senator sen. governor gov. representative rep. congressman
    congresswoman chairman chairwoman chair director spokesman spokeswoman spokesperson general
    gen. ambassador mayor judge justice chancellor king queen prince princess pope dr. mr. mrs.
    ms. professor prof. chief commissioner speaker leader officer ceo executive coach manager
    premier president-elect attorney envoy adviser advisor lieutenant colonel col. captain capt.
    admiral adm. sergeant sgt. major maj. treasurer superintendent sheriff inspector detective
    cardinal bishop rabbi reverend rev. sir dame lord lady councilman councilwoman councillor
    councilor delegate deputy"""
)
_TITLE_WORDS = _TITLE_HEADS | _wordset(
    """vice prime deputy chief cabinet defense defence foreign finance state interior home
    trade justice health education labor labour energy economy economic national security
    senior assistant associate executive minority majority house senate supreme federal
    district attorney general secretary-general former acting interim first lady of the
    managing head press u.s. us un"""
)
_POSSESSIVE = re.compile(r"[’']s?$")
_CAPITALIZED_BEFORE = re.compile(r"((?:(?:[A-Z][\w.’'\-]*|of|the)\s){1,5})$")


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    text: str  # as tagged: "Shinzo Abe", "Pence’s"


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    start: int
    text: str
    paragraph: int  # index of the hard-break unit the sentence belongs to
    label: str = ""  # transcript speaker label


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str = ""
    speaker_resolved: str = ""
    is_quote: bool = False


def find_speaker(sentence: str) -> str:
    """The speaker of one sentence as written, or "" when nothing attributes it."""
    for pattern in (_AFTER_QUOTE, _BEFORE_QUOTE, _REPORTED, _APPOSITIVE, _ACCORDING):
        match = pattern.search(sentence)
        if match is None:
            continue
        speaker = match.group("sp") if match.group("sp") else ""
        if not speaker and "sp2" in pattern.groupindex:
            speaker = match.group("sp2") or ""
        speaker = speaker.strip().rstrip(",.;:")
        if speaker and (pattern is _ACCORDING or _plausible(speaker)):
            return speaker
    return ""


_NOT_SPEAKERS = _wordset(
    """it this that there what which who these those here everyone nobody anyone somebody
    someone people"""
)


# "The law says ...": things that "say" without being a speaker.
_NOT_SPEAKER_HEADS = _wordset(
    """law laws rule rules bill act report study data figures statement poll survey document
    book article letter sign constitution policy plan agreement treaty text website map chart
    record list story paper numbers evidence bible research label contract"""
)


def _plausible(speaker: str) -> bool:
    words = speaker.lower().split()
    if words[0] in _NOT_SPEAKERS or len(words) > 8:
        return False
    return not (words[0] in ("the", "a", "an", "this", "that") and words[-1] in _NOT_SPEAKER_HEADS)


def _strip_title(name: str) -> str:
    words = _POSSESSIVE.sub("", name.strip()).split()
    while len(words) > 1 and words[0].lower() in _TITLE_WORDS:
        words.pop(0)
    return " ".join(words)


def _title_before(text: str, start: int) -> str:
    """The title written right before a name: "visiting U.S. Vice President" -> "vice president"."""
    match = _CAPITALIZED_BEFORE.search(text, max(0, start - 80), start)
    if match is None:
        return ""
    words = match.group(1).split()
    while words and words[0].lower() not in _TITLE_WORDS - {"u.s.", "us", "un", "of", "the"}:
        words.pop(0)
    if not words or words[-1].lower() not in _TITLE_HEADS:
        return ""
    return " ".join(words).lower()


class _Registry:
    """People mentioned so far: surname, first name and title -> full name (latest wins)."""

    def __init__(self, text: str, people: Sequence[PersonMention]) -> None:
        self._text = text
        self._people = sorted(people, key=lambda p: p.start)
        self._next = 0
        self._names: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self.last_person = ""

    def advance(self, until: int) -> None:
        while self._next < len(self._people) and self._people[self._next].start < until:
            self._add(self._people[self._next])
            self._next += 1

    def _add(self, mention: PersonMention) -> None:
        name = _strip_title(mention.text)
        words = name.split()
        if not words:
            return
        if len(words) == 1:
            full = self._names.get(words[0].lower())
            self.last_person = full or name
            if full is None:
                return
            name = full
        else:
            for word in (words[0], words[-1]):
                self._names[word.lower()] = name
            self._names[name.lower()] = name
        title = _title_before(self._text, mention.start)
        if title:
            self._titles[title] = name
        self.last_person = name

    def resolve(self, written: str, last_speaker: str) -> str:
        lower = written.lower()
        if lower in _PRONOUNS:
            return last_speaker if lower in ("he", "she") else ""
        words = written.split()
        if words[0].lower() in ("the", "a", "an", "another", "one"):
            key = " ".join(_POSSESSIVE.sub("", w) for w in words[1:]).lower()
            return self._titles.get(key, "")
        if not written[0].isupper():
            return ""
        lowercase = [i for i, word in enumerate(words) if word[0].islower()]
        if lowercase and lowercase[-1] + 1 < len(words):
            # "Orlando coach Oscar Pareja": the name is what follows the role.
            words = words[lowercase[-1] + 1 :]
            written = " ".join(words)
        as_title = " ".join(_POSSESSIVE.sub("", w) for w in words).lower()
        if as_title in self._titles:
            return self._titles[as_title]
        name = _strip_title(written)
        if not name or name.lower() in _TITLE_WORDS:
            return ""
        if len(name.split()) == 1:
            return self._names.get(name.lower(), name)
        return self._names.get(name.lower(), name)


def _label_name(label: str) -> str:
    """ "MODERATOR (LESTER HOLT)" -> "Lester Holt"; "TRUMP" -> "Trump"."""
    inner = re.search(r"\(([^)]+)\)", label)
    name = inner.group(1) if inner else label
    return name.title() if name.isupper() else name


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


def attribute(
    text: str, sentences: Sequence[SentenceInfo], people: Sequence[PersonMention]
) -> list[Attribution]:
    """One Attribution per sentence, in order."""
    registry = _Registry(text, people)
    results: list[Attribution] = []
    last_speaker = ""  # the last named speaker, for "he said"
    open_quote = False
    previous: SentenceInfo | None = None
    group: list[int] = []  # indices of the sentences of the quote being read
    inherited: Attribution | None = None  # speaker of the quote right before this one
    for index, sentence in enumerate(sentences):
        registry.advance(sentence.start + len(sentence.text))
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

        if sentence.label:
            written = sentence.label
            resolved = registry.resolve(_label_name(sentence.label), last_speaker)
        else:
            written = find_speaker(sentence.text)
            resolved = registry.resolve(written, last_speaker) if written else ""
        if written and written.lower() not in _PRONOUNS:
            # "a senior official told reporters": a later "he" is then not known.
            last_speaker = resolved
        results.append(Attribution(written, resolved, quoted))

        if quoted:
            if not group:
                before = results[index - 1] if index else None
                opens = body.startswith(("“", '"'))
                inherited = before if opens and before and before.is_quote else None
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
    return results


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
            results[i] = Attribution(source.speaker, source.speaker_resolved, True)
