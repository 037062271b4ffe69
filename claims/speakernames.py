"""How a speaker's name is compared: pure functions, no Django (the 0006 migration uses them).

"Vice President Joe Biden", "Joe Biden" and "joe  biden" have one key, `joe biden`;
"Mr. Biden" and "Biden" have the bare key `biden`, which is a surname and names a speaker
only when exactly one known person has it (decided in `claims.speakers`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PERSON, ORGANIZATION = "person", "organization"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Honorifics: dropped from a name and never kept as the speaker's role.
HONORIFICS = _words(
    "mr mrs ms miss mx dr prof professor sir dame rev reverend fr father sister brother"
)
# Offices and ranks written before a name: dropped from the key, kept as the role of a
# speaker created from "Prime Minister Shinzo Abe".
OFFICE_WORDS = _words("""
    president vice prime minister deputy secretary sen senator rep representative gov
    governor lt lieutenant col colonel gen general maj major capt captain adm admiral sgt
    sergeant cmdr commander judge justice chief chancellor mayor chairman chairwoman chair
    ceo former acting state attorney congressman congresswoman councillor councilman
    councilwoman councilor ambassador premier king queen prince princess lord lady pope
    sheikh speaker leader minority majority house foreign home health treasury defence
    defense education interior commerce labor labour finance first us uk of the
    """)
SUFFIXES = _words("jr sr ii iii iv v phd md mp qc kc esq")
# Written "speakers" that name nobody: pronouns and the like.
NOT_NAMES = _words("i me we us you he him she her they them it who one someone somebody anyone")

_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "’": "'", "‘": "'"})
_POSSESSIVE = re.compile(r"'s$")
_PUNCTUATION = re.compile(r"[^\w\s'-]")
_ABBREVIATION_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b)")  # U.S. -> US.
_DISPLAY_POSSESSIVE = re.compile(r"['’]s$")
# Small words that a proper name may have in lower case ("Department of Health").
CONNECTORS = _words("of and the for on in at de del della van von der den la le du da al bin")


def names_someone(written: str) -> bool:
    """Whether a written speaker is a name ("Ms Hewitt"), not a pronoun ("he", "They")."""
    return bool(written.strip()) and fold(written).strip(" .,;:\"'“”‘’") not in NOT_NAMES


def fold(text: str) -> str:
    """Lower case, accents off, curly quotes and dashes made plain, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.translate(_DASHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def _tokens(name: str) -> list[str]:
    words = _PUNCTUATION.sub(" ", _ABBREVIATION_DOT.sub("", fold(name)).replace(".", " ")).split()
    return [_POSSESSIVE.sub("", w).strip("'-") for w in words if w.strip("'-")]


@dataclass(frozen=True)
class ParsedName:
    key: str  # "joe biden"; "" when the text names nobody
    surname: str  # a person's last name word ("biden"); "" for organisations
    display: str  # the name as written, title and outer punctuation off: "Joe Biden"
    title: str  # the office written before a person's name: "Vice President"

    @property
    def is_bare(self) -> bool:
        """A surname alone ("Biden", "Mr. Biden"): not enough to tell people apart."""
        return bool(self.surname) and self.key == self.surname


def parse(name: str, kind: str = "") -> ParsedName:
    """The comparison key of `name` (a person's or, with kind "organization", an
    organisation's) and what a new Speaker would be called."""
    words = " ".join((name or "").split()).strip(" \"'“”‘’,;:()[]")
    words = _DISPLAY_POSSESSIVE.sub("", words)
    if kind == ORGANIZATION:
        tokens = _tokens(words)
        if tokens[:1] == ["the"]:
            tokens = tokens[1:]
            words = words.split(" ", 1)[1] if " " in words else ""
        key = " ".join(tokens)
        return ParsedName(key if key not in NOT_NAMES else "", "", words, "")
    original = words.split()
    tokens = [_tokens(w) for w in original]
    # Leading titles go (always keeping one word); trailing suffixes too.
    start = 0
    while start < len(original) - 1 and _is_title(tokens[start]):
        start += 1
    end = len(original)
    while end - start > 1 and tokens[end - 1] and tokens[end - 1][-1] in SUFFIXES:
        end -= 1
    kept = [t for group in tokens[start:end] for t in group]
    # Middle initials ("Joseph R. Biden") do not tell two people apart often enough to
    # keep "joseph biden" and "joseph r biden" apart.
    kept = [t for i, t in enumerate(kept) if i == 0 or i == len(kept) - 1 or len(t) > 1]
    key = " ".join(kept)
    if not kept or key in NOT_NAMES or (len(kept) == 1 and _is_title(kept)):
        return ParsedName("", "", "", "")  # a pronoun, or a title alone ("the senator")
    title_words = [w for w, t in zip(original[:start], tokens[:start], strict=True)]
    office = [w for w, t in zip(title_words, tokens[:start], strict=True) if not _honorific(t)]
    display = " ".join(original[start:end]).rstrip(",.")
    return ParsedName(key, kept[-1], display, " ".join(office).rstrip(",."))


def _is_title(tokens: list[str]) -> bool:
    return bool(tokens) and all(t in HONORIFICS or t in OFFICE_WORDS for t in tokens)


def _honorific(tokens: list[str]) -> bool:
    return all(t in HONORIFICS for t in tokens)


def looks_like_name(text: str) -> bool:
    """Written like a proper name ("Joseph Biden"), not a description ("the senator")."""
    words = [w for w in (text or "").split() if w[:1].isalpha()]
    named = [w for w in words if w.lower() not in CONNECTORS]
    return bool(named) and all(w[:1].isupper() for w in named)


def keys_text(keys) -> str:
    """The keys joined for Speaker.match_keys: `|joe biden|joseph biden|`."""
    unique = sorted({k for k in keys if k})
    return "|" + "|".join(unique) + "|" if unique else ""
