"""Who a written speaker is: pronouns, surnames, titles and organisations to full names.

The registry reads the people and organisations named in a document, in order, and keeps:
the full name behind each first name and surname, the title each was introduced with
("Vice President Mike Pence" -> "vice president"), the gender when a title ("Mr", "Ms",
"Sen." does not tell) or a common first name shows it, and the organisations mentioned.

* "he"/"she": the nearest earlier person of a compatible gender, preferring the speaker of
  the last attribution when compatible; undecided ("") when nothing fits.
* "it"/"they": the organisation speaking last, else the nearest organisation named; "they"
  after a group ("officials") stays undecided.
* "Hewitt", "Ms Hewitt", "the minister": the full name introduced earlier with that surname or
  title; a surname nobody was introduced with stays as written.
* "the company", "police", "the campaign": the nearest organisation named with that word (or
  any company for "the company"), else as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Registry", "Resolved", "strip_title"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MALE_TITLES = _words("mr mr. sir lord king prince father brother")
_FEMALE_TITLES = _words("ms ms. mrs mrs. miss madam dame lady queen princess sister")
# Common first names of the people news writes about (enough to tell "he" from "she").
_MALE_NAMES = _words(
    """donald joe joseph barack bill bernie ted marco jeb john chris christopher ben mike
    michael mitt paul rand rick jim james bob robert david george tom thomas tim timothy mark
    scott jeff jeffrey steve steven stephen kevin brian richard charles chuck peter eric jason
    matt matthew andrew dan daniel martin lindsey reince sean jake jack harry henry ronald
    gary larry lester wolf anderson jorge martin frank mitch newt rudy rudolph al alan allan
    boris emmanuel vladimir xi justin shinzo narendra recep benjamin bashar kim abe
    jon josh joshua adam aaron ryan tony anthony william will greg gregory patrick ed edward
    howard jesse keith ken kenneth kyle lee louis luis carlos juan jose pedro alex alexander
    nick nicholas sam samuel ray raymond roger ron russell todd travis walter wayne vince
    vincent herman hugh ian jonathan jerry jimmy johnny marty ralph roy stanley terry"""
)
_FEMALE_NAMES = _words(
    """hillary huma carly sarah nancy elizabeth michelle melania ivanka kellyanne hope
    megyn katie donna debbie jill jane janet theresa patricia angela marine nikki susan
    susana kamala amy amanda andrea ann anne anna barbara betty brenda carol caroline
    catherine cathy christine claire cynthia deborah diane dianne donna dorothy emily emma
    helen jennifer jessica joan joanne julia julie karen kate kathleen kathy kelly kimberly
    laura linda lisa lori louise margaret maria marie martha mary maxine melissa michele
    monica nicole olivia pamela rachel rebecca ruth sally sandra sharon stephanie teresa
    tina tulsi valerie victoria virginia wendy yvonne dana gwen judy lesley mara norah
    samantha sheryl sonia elena ruth hope joni marsha loretta condoleezza madeleine"""
)
_TITLE_HEADS = _words(
    """president minister secretary senator sen. governor gov. representative rep. congressman
    congresswoman chairman chairwoman chair director spokesman spokeswoman spokesperson general
    gen. ambassador mayor judge justice chancellor king queen prince princess pope dr. mr. mrs.
    ms. mr ms mrs professor prof. chief commissioner speaker leader officer ceo executive coach
    manager premier president-elect attorney envoy adviser advisor lieutenant colonel col.
    captain capt. admiral adm. sergeant sgt. major maj. treasurer superintendent sheriff
    inspector detective cardinal bishop rabbi reverend rev. sir dame lord lady councilman
    councilwoman councillor councilor delegate deputy candidate nominee strategist
    pollster analyst economist lawyer founder author"""
)
_TITLE_WORDS = _TITLE_HEADS | _words(
    """vice prime deputy chief cabinet defense defence foreign finance state interior home
    trade justice health education labor labour energy economy economic national security
    senior assistant associate executive minority majority house senate supreme federal
    district attorney general secretary-general former acting interim first lady of the
    managing head press u.s. us un democratic republican gop presidential campaign lead
    democrat republican then-senator then-candidate"""
)
ORG_HEADS = _words(
    """company firm campaign ministry department agency group organization organisation
    party committee commission council government administration police bank union
    institute center centre foundation office court board association network league
    corporation university school hospital newspaper magazine network army military
    pentagon court airline authority authorities service bureau team club fund"""
)
GROUPS = _words(
    """officials experts analysts critics supporters aides advisers advisors residents
    voters people witnesses investigators lawmakers democrats republicans activists
    economists researchers scientists sources observers protesters members leaders
    organizers organisers officers staff staffers"""
)
# Heads of a description that names one person by role ("the senator", "the billionaire").
_ROLE_HEADS = (_TITLE_HEADS - _words("mr. mrs. ms. mr ms mrs sir dame lord lady dr.")) | _words(
    """republican democrat candidate nominee billionaire businessman businesswoman senator
    congressman congresswoman frontrunner front-runner hopeful mogul"""
)
_TITLE_SYNONYMS = {
    "senator": ("sen.", "senator"),
    "governor": ("gov.", "governor"),
    "representative": ("rep.", "representative", "congressman", "congresswoman"),
    "congressman": ("rep.", "representative"),
    "congresswoman": ("rep.", "representative"),
    "general": ("gen.",),
    "professor": ("prof.",),
}
_POSSESSIVE = re.compile(r"[’']s?$")
_CAPITALIZED_BEFORE = re.compile(r"((?:(?:[A-Z][\w.’'\-]*|of|the)\s){1,5})$")
PERSON_PRONOUNS = _words("he she him her")
_SUBJECT_PREFIX = re.compile(r"(?:[“\"]|(?:[A-Z][\w.’'\-]*|and|but|of|the),?\s)*")
ORG_PRONOUNS = _words("it they")


def strip_title(name: str) -> str:
    """ "Defense Minister Itsunori Onodera" -> "Itsunori Onodera"; possessive dropped."""
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


def _gender_of(title: str, written: str) -> str:
    words = [w.lower() for w in written.split()]
    lowered = title.split()
    for word in [*lowered, *words[:1]]:
        if word in _MALE_TITLES or word.rstrip(".") in _MALE_TITLES:
            return "m"
        if word in _FEMALE_TITLES or word.rstrip(".") in _FEMALE_TITLES:
            return "f"
    first = strip_title(written).split()[0].lower() if strip_title(written) else ""
    if first in _MALE_NAMES:
        return "m"
    if first in _FEMALE_NAMES:
        return "f"
    return ""


@dataclass(frozen=True, slots=True)
class Resolved:
    name: str  # full name, or "" when undecided
    kind: str  # "person", "organization" or ""


@dataclass(slots=True)
class _Entity:
    name: str
    kind: str
    gender: str = ""
    position: int = 0  # where it was last mentioned


class Registry:
    """People and organisations mentioned so far (see the module doc)."""

    def __init__(self, text: str, mentions: Sequence) -> None:
        self._text = text
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._next = 0
        self._names: dict[str, _Entity] = {}
        self._titles: dict[str, _Entity] = {}
        self._recent: list[_Entity] = []  # most recent mention last

    def advance(self, until: int) -> None:
        while self._next < len(self._mentions) and self._mentions[self._next].start < until:
            mention = self._mentions[self._next]
            self._next += 1
            if mention.label == "PERSON":
                self._add_person(mention.start, mention.text)
            else:
                self._add_org(mention.start, mention.text)

    def subject(self, start: int, text: str) -> Resolved | None:
        """The person a sentence opens with ("Andrew Hale took ...", "But Mr. Trump ..."):
        the one a "he" in the next sentences most likely means."""
        for mention in self._mentions[max(0, self._next - 8) : self._next]:
            offset = mention.start - start
            if mention.label != "PERSON" or not 0 <= offset <= 40:
                continue
            if _SUBJECT_PREFIX.fullmatch(text[:offset]) is None:
                return None
            entity = self._names.get(strip_title(mention.text).lower())
            return Resolved(entity.name, "person") if entity is not None else None
        return None

    def learn_label(self, name: str) -> None:
        """A transcript label ("BOB SCHIEFFER") introduces its speaker."""
        if len(strip_title(name).split()) > 1:
            self._add_person(-1, name)

    def _touch(self, entity: _Entity, start: int) -> None:
        entity.position = start
        if entity in self._recent:
            self._recent.remove(entity)
        self._recent.append(entity)
        del self._recent[:-40]

    def _add_person(self, start: int, written: str) -> None:
        name = strip_title(written)
        words = name.split()
        if not words:
            return
        title = _title_before(self._text, start) if start >= 0 else ""
        gender = _gender_of(title or written, written)
        entity = self._names.get(name.lower())
        if entity is None and len(words) == 1:
            entity = self._names.get(words[0].lower())
            if entity is None:
                entity = _Entity(name, "person", gender)
                self._names[name.lower()] = entity
        elif entity is None:
            entity = _Entity(name, "person", gender)
            for word in (words[0], words[-1], name):
                existing = self._names.get(word.lower())
                if existing is None or existing.kind == "person" or word == name:
                    self._names[word.lower()] = entity
        if gender and not entity.gender:
            entity.gender = gender
        if title:
            self._titles[title] = entity
        self._touch(entity, start)

    def _add_org(self, start: int, written: str) -> None:
        name = re.sub(r"^(?:the|The)\s", "", _POSSESSIVE.sub("", written.strip()))
        if not name:
            return
        entity = self._names.get(name.lower())
        if entity is None:
            entity = _Entity(name, "organization")
            self._names[name.lower()] = entity
        self._touch(entity, start)

    def pronoun(self, lower: str, last: Resolved | None) -> Resolved:
        if lower in PERSON_PRONOUNS:
            gender = "m" if lower in ("he", "him") else "f"
            if last and last.kind == "person" and self._compatible(last.name, gender):
                return last
            for entity in reversed(self._recent):
                if entity.kind == "person" and entity.gender in ("", gender):
                    if not entity.gender and last and last.kind == "person":
                        continue  # the last speaker was of the other gender: no guess
                    return Resolved(entity.name, "person")
            return Resolved("", "person")
        if lower in ORG_PRONOUNS:
            if last and last.kind == "organization" and last.name:
                return last
            if lower == "it":
                org = next((e for e in reversed(self._recent) if e.kind == "organization"), None)
                if org is not None:
                    return Resolved(org.name, "organization")
        return Resolved("", "")

    def _compatible(self, name: str, gender: str) -> bool:
        entity = self._names.get(name.lower())
        return bool(name) and (entity is None or entity.gender in ("", gender))

    def resolve(self, written: str, last: Resolved | None) -> Resolved:
        """The full name of a written speaker (see the module doc)."""
        lower = written.lower()
        if lower in PERSON_PRONOUNS or lower in ORG_PRONOUNS:
            return self.pronoun(lower, last)
        if lower in ("i", "we"):
            return Resolved("", "")
        words = written.split()
        head = _POSSESSIVE.sub("", words[-1]).lower()
        if head in GROUPS:
            return Resolved("", "")  # "officials", "Analysts": no one in particular
        if words[0].lower() in ("the", "a", "an", "another", "one") or not written[0].isupper():
            return self._description(words, head)
        lowercase = [i for i, word in enumerate(words) if word[0].islower()]
        if lowercase and lowercase[-1] + 1 < len(words):
            # "Orlando coach Oscar Pareja": the name is what follows the role.
            words = words[lowercase[-1] + 1 :]
            written = " ".join(words)
        as_title = " ".join(_POSSESSIVE.sub("", w) for w in words).lower()
        if as_title in self._titles:
            return Resolved(self._titles[as_title].name, "person")
        name = strip_title(written)
        if not name or name.lower() in _TITLE_WORDS:
            return Resolved("", "person")
        entity = self._names.get(name.lower())
        if entity is None and len(name.split()) > 1:
            entity = self._names.get(name.split()[-1].lower())
            if entity is not None and entity.kind == "person" and len(entity.name.split()) < 2:
                entity = None
            elif entity is not None and name.split()[0] != entity.name.split()[0]:
                entity = None  # "Bill Clinton" is not "Hillary Clinton"
        if entity is not None:
            return Resolved(entity.name, entity.kind)
        kind = "organization" if head in ORG_HEADS else "person"
        return Resolved(name, kind)

    def _description(self, words: list[str], head: str) -> Resolved:
        key = " ".join(_POSSESSIVE.sub("", w) for w in words[1:]).lower()
        if key in self._titles:
            return Resolved(self._titles[key].name, "person")
        definite = words[0].lower() == "the"
        if definite and head in _ROLE_HEADS:
            # "the Florida senator", "the senator": the person last introduced with the title.
            wanted = {head, *_TITLE_SYNONYMS.get(head, ())}
            for title, entity in reversed(self._titles.items()):
                if wanted & set(title.split()):
                    return Resolved(entity.name, "person")
        if head in ORG_HEADS:
            for entity in reversed(self._recent):
                if entity.kind == "organization" and (
                    head in entity.name.lower().split() or head in ("company", "firm")
                ):
                    return Resolved(entity.name, "organization")
            bare = " ".join(w for w in words if w.lower() not in ("the", "a", "an"))
            return Resolved(bare if words[0].lower() not in ("a", "an") else "", "organization")
        if head in GROUPS:
            return Resolved("", "")
        return Resolved("", "person" if head in _TITLE_HEADS else "")
