"""What the claim services share: the row lock with the optimistic version check, the version
bump on save, and the ClaimEvent row each action writes. Private to the services (and the
speaker and suggestion services in `claims.speakers` and `claims.suggestions`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from claims.models import Claim, ClaimEvent
from claims.workflow import StaleVersion


def locked_claim(claim: Claim, expected_version: int | None) -> Claim:
    """Re-read the claim under a row lock and refuse a stale version (optimistic locking)."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise StaleVersion(locked.version)
    return locked


def save_claim(claim: Claim, fields: Iterable[str]) -> None:
    claim.version += 1
    claim.updated_at = timezone.now()
    claim.save(update_fields=[*fields, "version", "updated_at"])


def claim_event(
    claim: Claim,
    actor: Any,
    action: str,
    *,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict | None = None,
) -> ClaimEvent:
    return ClaimEvent.objects.create(
        claim=claim,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
