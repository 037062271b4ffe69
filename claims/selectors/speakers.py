"""Reads about speakers: the list with their counts, a speaker's claims and verdicts,
likely duplicates, and the history of changes to who said what."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import Claim, ClaimEvent, EventAction, Speaker
from claims.speakernames import fold, parse
from claims.workflow import Status


def _claims_of_speaker(**filters: Any) -> Subquery:
    """A correlated count of a speaker's claims: runs for the page's rows only."""
    claims = (
        Claim.objects.filter(speaker_ref=OuterRef("pk"), **filters)
        .order_by()
        .values("speaker_ref")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(claims), 0)


def speakers_list(*, q: str = "", kind: str = "") -> QuerySet[Speaker]:
    """Speakers with their numbers of claims and published fact-checks, by name; `q`
    matches the name, an alias, the role or the party."""
    speakers = Speaker.objects.annotate(
        claim_count=_claims_of_speaker(),
        published_count=_claims_of_speaker(status=Status.PUBLISHED),
    )
    q = q.strip()
    if q:
        speakers = speakers.filter(
            Q(name__icontains=q)
            | Q(match_keys__contains=fold(q))
            | Q(role__icontains=q)
            | Q(party__icontains=q)
        )
    if kind:
        speakers = speakers.filter(kind=kind)
    return speakers.order_by("name", "id")


def speaker_claims(speaker: Speaker) -> QuerySet[Claim]:
    return Claim.objects.for_lists().filter(speaker_ref=speaker).order_by("-created_at", "-id")


def speaker_verdicts(speaker: Speaker) -> QuerySet[Claim]:
    return (
        Claim.objects.for_lists()
        .published()
        .filter(speaker_ref=speaker)
        .order_by("-published_at", "-id")
    )


def speaker_namesakes(speaker: Speaker, limit: int = 10) -> list[Speaker]:
    """Other people with the same surname: the likely duplicates to merge."""
    if not speaker.surname:
        return []
    return list(Speaker.objects.filter(surname=speaker.surname).exclude(pk=speaker.pk)[:limit])


def speaker_by_reference(text: str) -> Speaker | None:
    """The speaker a person means by an id or by a name or alias (exactly one)."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return Speaker.objects.filter(pk=int(text)).first() if len(text) < 19 else None
    key = parse(text).key or parse(text, "organization").key
    if not key:
        return None
    found = list(Speaker.objects.filter(match_keys__contains=f"|{key}|")[:2])
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class SpeakerChange:
    created_at: Any
    actor: Any
    change: str  # "merge", "rename" or "correct"
    source: dict | None  # {"id", "name"} before
    target: dict | None  # and after
    claims: int


def speaker_history(speaker: Speaker, limit: int = 20) -> list[SpeakerChange]:
    """The speaker changes (merges, renames, corrections) on this speaker's claims, newest
    first; a merge or rename that moved many claims at once (one timestamp) is one line."""
    events = (
        ClaimEvent.objects.filter(claim__speaker_ref=speaker, action=EventAction.SPEAKER)
        .select_related("actor")
        .order_by("-created_at", "-id")[:1000]
    )
    same_change = itertools.groupby(
        events, key=lambda e: (e.created_at, e.actor_id, json.dumps(e.data, sort_keys=True))
    )
    changes = []
    for _, group in itertools.islice(same_change, limit):
        group = list(group)
        first, data = group[0], group[0].data or {}
        changes.append(
            SpeakerChange(
                first.created_at,
                first.actor,
                data.get("change", ""),
                data.get("from"),
                data.get("to"),
                len(group),
            )
        )
    return changes
