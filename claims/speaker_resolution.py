"""Resolving the speaker names extraction finds into shared Speaker rows (the services that
change speakers are in `claims.speakers`; this module is what `claims.services` needs when
it saves claims, so it imports no services).

Rules (`speakers_resolve`), in one batch of queries per document:
- a name is compared by its key (`claims.speakernames.parse`: titles, honorifics, case,
  accents and punctuation off), against each speaker's name and aliases;
- a full name that no speaker has becomes a new Speaker;
- a bare surname ("Biden", "Mr. Biden", "Vice President Biden") names a speaker only when
  exactly one person with that surname is in the document, or else exactly one is known;
  otherwise the claim gets no Speaker (a person decides) rather than a guess;
- a written form that is another full name ("Joseph Biden" resolved to "Joe Biden") is
  recorded as an alias, so later documents find the speaker by it.

Invariant: a claim with a Speaker has that speaker's name as `speaker_resolved`, so lists,
search and the text filter read one column.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from claims.models import Speaker, SpeakerKind
from claims.speakernames import ParsedName, keys_text, looks_like_name, parse

if TYPE_CHECKING:
    from claims.extraction.pipeline import Candidate

MAX_ALIASES = 50


@dataclass(frozen=True)
class Mention:
    """A speaker as extraction found it: the resolved full name, its kind ("person",
    "organization" or "" when unknown) and the form written in the text."""

    name: str
    kind: str = ""
    written: str = ""


def refresh_keys(speaker: Speaker) -> None:
    """Derive the lookup columns (and the slug) from the name and aliases."""
    parsed = parse(speaker.name, speaker.kind)
    speaker.name_key = parsed.key[:200]
    speaker.surname = parsed.surname[:100] if speaker.kind == SpeakerKind.PERSON else ""
    speaker.slug = slugify(speaker.name)[:80].strip("-") or "speaker"  # for the page URL
    alias_keys = (parse(alias, speaker.kind).key for alias in speaker.aliases)
    speaker.match_keys = keys_text([parsed.key, *alias_keys])


def speaker_keys(speaker: Speaker) -> list[str]:
    return [k for k in speaker.match_keys.split("|") if k]


class _Known:
    """The speakers a batch can refer to: found in the database or created in this batch."""

    def __init__(self, speakers: Iterable[Speaker]):
        self.by_key: dict[str, Speaker] = {}
        self.by_surname: dict[str, list[Speaker]] = {}
        for speaker in speakers:
            self.add(speaker)

    def add(self, speaker: Speaker) -> None:
        for key in speaker_keys(speaker):
            self.by_key.setdefault(key, speaker)
        if speaker.surname:
            self.by_surname.setdefault(speaker.surname, []).append(speaker)


def _lookup(keys: set[str], surnames: set[str]) -> list[Speaker]:
    """Every speaker a batch could mean, in one query, locked until the transaction ends
    so that a merge or rename cannot remove a speaker the batch is about to point to."""
    if not keys and not surnames:
        return []
    by_key = [Q(match_keys__contains=f"|{key}|") for key in sorted(keys)]
    condition = functools.reduce(operator.or_, by_key, Q(surname__in=sorted(surnames)))
    return list(Speaker.objects.select_for_update().filter(condition).order_by("pk"))


def speakers_resolve(
    mentions: Iterable[Mention], *, as_typed: bool = False
) -> dict[Mention, Speaker | None]:
    """The Speaker of each mention (None where the name cannot be told apart), creating new
    speakers and recording new aliases, in a fixed number of queries (at most four) however
    many mentions there are. Call inside a transaction.

    Names found by extraction must be written like names ("the company", "officials" are
    not); `as_typed` accepts a name a person typed in lower case."""
    mentions = list(dict.fromkeys(mentions))
    parsed = {m: parse(m.name, m.kind) for m in mentions}
    named = {m: p for m, p in parsed.items() if p.key and (as_typed or looks_like_name(m.name))}
    written = {m: parse(m.written, m.kind) for m in named if m.written}
    lookup_keys = {p.key for p in [*named.values(), *written.values()] if p.key}
    known = _Known(_lookup(lookup_keys, {p.surname for p in named.values() if p.is_bare}))
    created: dict[str, Speaker] = {}
    in_document: dict[int, Speaker] = {}  # id() -> speaker: found or created for this batch
    result: dict[Mention, Speaker | None] = dict.fromkeys(mentions)
    for mention, name in named.items():  # full names (and explicit aliases) first
        speaker = known.by_key.get(name.key)
        if speaker is None and not name.is_bare:
            speaker = _new_speaker(name, mention.kind)
            created[speaker.name_key] = speaker
            known.add(speaker)
        if speaker is not None:
            result[mention] = in_document.setdefault(id(speaker), speaker)
    for mention, name in named.items():
        if result[mention] is None and name.is_bare:
            result[mention] = _by_surname(name.surname, list(in_document.values()), known)
    changed = _record_aliases(result, written, known, created)
    return _save(result, created, changed)


def _new_speaker(name: ParsedName, kind: str) -> Speaker:
    speaker = Speaker(
        name=name.display[:200],
        kind=kind if kind in SpeakerKind.values else SpeakerKind.PERSON,
        role=name.title[:200],
        created_at=timezone.now(),
    )
    refresh_keys(speaker)
    return speaker


def _by_surname(surname: str, in_document: list[Speaker], known: _Known) -> Speaker | None:
    """The one person with this surname in the document, else the one known at all."""
    local = [s for s in in_document if s.surname == surname]
    if local:
        return local[0] if len(local) == 1 else None
    people = known.by_surname.get(surname, [])
    return people[0] if len(people) == 1 else None


def _record_aliases(
    result: dict[Mention, Speaker | None],
    written: dict[Mention, ParsedName],
    known: _Known,
    created: dict[str, Speaker],
) -> list[Speaker]:
    """Add each written form that is another full name of its speaker (and nobody else's)
    to the speaker's aliases; returns the existing speakers that changed."""
    changed: dict[int, Speaker] = {}
    for mention, form in written.items():
        speaker = result.get(mention)
        if speaker is None or not form.key or form.is_bare or form.key in known.by_key:
            continue
        if not looks_like_name(mention.written) or len(speaker.aliases) >= MAX_ALIASES:
            continue
        speaker.aliases = [*speaker.aliases, form.display[:200]]
        refresh_keys(speaker)
        known.by_key[form.key] = speaker
        if speaker.pk is not None:
            changed[speaker.pk] = speaker
    return list(changed.values())


def _save(
    result: dict[Mention, Speaker | None], created: dict[str, Speaker], changed: list[Speaker]
) -> dict[Mention, Speaker | None]:
    if created:
        # Another job may create the same speaker at the same moment: the unique name key
        # keeps one, and both jobs then read that one back.
        Speaker.objects.bulk_create(created.values(), ignore_conflicts=True)
        saved = {s.name_key: s for s in Speaker.objects.filter(name_key__in=list(created))}
        new = {id(speaker): saved[key] for key, speaker in created.items()}
        result = {m: new.get(id(s), s) if s is not None else None for m, s in result.items()}
    if changed:
        Speaker.objects.bulk_update(changed, ["aliases", "match_keys"])
    return result


def mention_of(candidate: Candidate) -> Mention | None:
    """The mention of an extraction candidate, or None when its speaker is not resolved
    (the attribution step says "" when it cannot decide, and that stays undecided)."""
    if not candidate.speaker_resolved.strip():
        return None
    return Mention(candidate.speaker_resolved, candidate.speaker_kind, candidate.speaker)
