"""Every write to speakers (create, update or rename, merge) and to a claim's speaker: one
transaction each, with a history row on every claim that changes. How names are resolved
to speakers is in `claims.speaker_resolution` (re-exported here).

Invariant: a claim with a Speaker has that speaker's name as `speaker_resolved`, so lists,
search and the text filter read one column.
"""

from __future__ import annotations

import functools
import operator
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims import workflow
from claims.models import Claim, ClaimEvent, EventAction, Speaker, SpeakerKind
from claims.services._shared import claim_event, locked_claim, save_claim
from claims.speaker_resolution import (
    MAX_ALIASES,
    Mention,
    mention_of,
    refresh_keys,
    speaker_keys,
    speakers_resolve,
)
from claims.speakernames import parse

__all__ = [
    "Mention",
    "claim_set_speaker",
    "mention_of",
    "speaker_clean",
    "speaker_create",
    "speaker_for_name",
    "speaker_merge",
    "speaker_update",
    "speakers_resolve",
]


# --- Services: every write to speakers, one transaction each ---


def _ref(speaker: Speaker | None) -> dict | None:
    return None if speaker is None else {"id": speaker.pk, "name": speaker.name}


def _claim_events(claim_ids: Sequence[int], actor: Any, data: dict) -> None:
    """One history row per claim that a merge or rename changed."""
    now = timezone.now()
    actor = actor if getattr(actor, "pk", None) else None
    ClaimEvent.objects.bulk_create(
        ClaimEvent(
            claim_id=pk,
            actor=actor,
            action=EventAction.SPEAKER,
            data=data,
            created_at=now,
        )
        for pk in claim_ids
    )


def speaker_clean(
    *, name: str, kind: str, role: str, party: str, aliases: Sequence[str], speaker: Speaker | None
) -> Speaker:
    """A Speaker with these values (not saved; `speaker` when it is a change), or a
    ValidationError naming the field."""
    errors: dict[str, str] = {}
    name, role, party = " ".join((name or "").split()), (role or "").strip(), (party or "").strip()
    if kind not in SpeakerKind.values:
        errors["kind"] = f"Kind must be one of: {', '.join(SpeakerKind.values)}."
        kind = SpeakerKind.PERSON
    if not name or len(name) > 200:
        errors["name"] = "Give a name of 1 to 200 characters."
    elif not parse(name, kind).key:
        errors["name"] = f"“{name}” does not name anyone: give the full name."
    if len(role) > 200:
        errors["role"] = "The role is longer than 200 characters."
    if len(party) > 100:
        errors["party"] = "The party is longer than 100 characters."
    cleaned = list(dict.fromkeys(" ".join(str(a).split()) for a in aliases))
    cleaned = [a for a in cleaned if a and parse(a, kind).key != parse(name, kind).key]
    if len(cleaned) > MAX_ALIASES or any(len(a) > 200 for a in cleaned):
        errors["aliases"] = f"Give at most {MAX_ALIASES} aliases of up to 200 characters each."
    elif bad := [a for a in cleaned if not parse(a, kind).key]:
        errors["aliases"] = f"“{bad[0]}” does not name anyone."
    for field, values in (
        ("name", [name]),
        ("role", [role]),
        ("party", [party]),
        ("aliases", cleaned),
    ):
        if field not in errors and any(_has_control(value) for value in values):
            errors[field] = "Remove the control characters."
    if errors:
        raise ValidationError(errors)
    candidate = Speaker(pk=speaker.pk if speaker else None, name=name, kind=kind, role=role)
    candidate.party, candidate.aliases = party, cleaned
    refresh_keys(candidate)
    _check_keys_free(candidate)
    return candidate


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text)


def _check_keys_free(speaker: Speaker) -> None:
    """No other speaker may go by the same name or alias: they are one speaker, to merge."""
    keys = speaker_keys(speaker)
    others = Speaker.objects.filter(
        functools.reduce(operator.or_, (Q(match_keys__contains=f"|{k}|") for k in keys))
    ).exclude(pk=speaker.pk)
    for other in others[:10]:
        taken = [k for k in keys if k in speaker_keys(other)]
        if taken:
            field = "name" if taken[0] == speaker.name_key else "aliases"
            raise ValidationError(
                {
                    field: f"“{other.name}” (speaker {other.pk}) already goes by this name: "
                    "merge the two speakers instead."
                }
            )


def speaker_create(
    *,
    name: str,
    actor: Any,
    kind: str = SpeakerKind.PERSON,
    role: str = "",
    party: str = "",
    aliases: Sequence[str] = (),
) -> Speaker:
    workflow.enforce(workflow.speakers_refusal(actor))
    with transaction.atomic():
        speaker = speaker_clean(
            name=name, kind=kind, role=role, party=party, aliases=aliases, speaker=None
        )
        speaker.save()
    return speaker


def speaker_update(
    *,
    speaker: Speaker,
    actor: Any,
    name: str | None = None,
    kind: str | None = None,
    role: str | None = None,
    party: str | None = None,
    aliases: Sequence[str] | None = None,
) -> Speaker:
    """Change (or rename) a speaker; None leaves a field as it is. A rename keeps the old
    name as an alias (so extraction still finds them by it), writes the new name on every
    claim of theirs, and records it in each claim's history."""
    workflow.enforce(workflow.speakers_refusal(actor))
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        old_name = speaker.name
        new_name = old_name if name is None else name
        new_kind = speaker.kind if kind is None else kind
        new_aliases = list(speaker.aliases if aliases is None else aliases)
        if " ".join(new_name.split()) != old_name:
            new_aliases.append(old_name)
        updated = speaker_clean(
            name=new_name,
            kind=new_kind,
            role=speaker.role if role is None else role,
            party=speaker.party if party is None else party,
            aliases=new_aliases,
            speaker=speaker,
        )
        fields = ["name", "kind", "role", "party", "aliases", "slug", "name_key", "surname"]
        fields.append("match_keys")
        if all(getattr(updated, f) == getattr(speaker, f) for f in fields):
            return speaker
        for field in fields:
            setattr(speaker, field, getattr(updated, field))
        speaker.save(update_fields=fields)
        if speaker.name != old_name:
            claim_ids = list(speaker.claims.values_list("pk", flat=True))
            Claim.objects.filter(speaker_ref=speaker).update(
                speaker_resolved=speaker.name, updated_at=timezone.now()
            )
            change = {"change": "rename", "from": {"id": speaker.pk, "name": old_name}}
            _claim_events(claim_ids, actor, {**change, "to": _ref(speaker)})
    return speaker


def speaker_merge(*, source: Speaker, target: Speaker, actor: Any) -> Speaker:
    """`source` and `target` are one speaker: move the source's claims (each with a history
    row naming both), names and details to the target, and delete the source. The claims'
    versions stay: who said a claim is not what a person editing it has open."""
    workflow.enforce(workflow.speakers_refusal(actor))
    if source.pk == target.pk:
        raise ValidationError({"target": "A speaker cannot be merged into itself."})
    with transaction.atomic():
        # Both rows locked, in id order so two opposite merges cannot deadlock.
        locked = Speaker.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
        rows = {s.pk: s for s in locked.order_by("pk")}
        if source.pk not in rows or target.pk not in rows:
            raise ValidationError({"target": "One of the two speakers no longer exists."})
        source, target = rows[source.pk], rows[target.pk]
        claim_ids = list(source.claims.values_list("pk", flat=True))
        # Extraction locks the speakers it points claims to, so no claim of the source's
        # arrives between reading the ids and moving the claims.
        Claim.objects.filter(speaker_ref=source).update(
            speaker_ref=target, speaker_resolved=target.name, updated_at=timezone.now()
        )
        _claim_events(
            claim_ids, actor, {"change": "merge", "from": _ref(source), "to": _ref(target)}
        )
        target.aliases = _merged_aliases(target, source)
        target.role = target.role or source.role
        target.party = target.party or source.party
        source.delete()
        refresh_keys(target)
        target.save(update_fields=["aliases", "role", "party", "match_keys"])
    return target


def _merged_aliases(target: Speaker, source: Speaker) -> list[str]:
    seen = {target.name_key}
    merged = []
    for alias in [*target.aliases, source.name, *source.aliases]:
        key = parse(alias, target.kind).key
        if key and key not in seen:
            seen.add(key)
            merged.append(alias)
    return merged[:MAX_ALIASES]


def speaker_for_name(name: str, kind: str = "") -> Speaker:
    """The speaker a person means by `name` (found, or created for a new full name), or a
    ValidationError on "name" saying why it cannot be told."""
    parsed = parse(name, kind)
    if not parsed.key:
        raise ValidationError({"name": f"“{name}” does not name anyone: give a full name."})
    speaker = speakers_resolve([Mention(name, kind)], as_typed=True)[Mention(name, kind)]
    if speaker is None:
        raise ValidationError(
            {
                "name": f"More than one speaker, or none, is called “{parsed.display}”: "
                "give the full name."
            }
        )
    return speaker


def claim_set_speaker(
    *,
    claim: Claim,
    actor: Any,
    speaker: Speaker | None = None,
    name: str | None = None,
    kind: str = "",
    expected_version: int | None = None,
) -> Claim:
    """Correct who made `claim`: an existing `speaker`, or a `name` (found or created as
    `speakers_resolve` would), or neither to clear it."""
    if speaker is not None and name:
        raise ValidationError({"name": "Give a speaker or a name, not both."})
    if kind and kind not in SpeakerKind.values:
        raise ValidationError({"kind": f"Kind must be one of: {', '.join(SpeakerKind.values)}."})
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        workflow.enforce(workflow.speaker_refusal(claim, actor))
        if name and name.strip():
            speaker = speaker_for_name(name.strip(), kind)
        elif speaker is not None:
            # Locked, so that a merge cannot delete it before this claim points to it.
            speaker = Speaker.objects.select_for_update().filter(pk=speaker.pk).first()
            if speaker is None:
                raise ValidationError({"speaker": "This speaker was merged away: reload."})
        previous = claim.speaker_ref
        if (previous.pk if previous else None) == (speaker.pk if speaker else None):
            return claim
        claim.speaker_ref = speaker
        claim.speaker_resolved = speaker.name if speaker else ""
        save_claim(claim, ["speaker_ref", "speaker_resolved"])
        claim_event(
            claim,
            actor,
            EventAction.SPEAKER,
            data={"change": "correct", "from": _ref(previous), "to": _ref(speaker)},
        )
    return claim
