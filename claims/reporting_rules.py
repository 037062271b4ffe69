"""Who may see the statistics and manage the webhooks. (These rules belong with the others in
claims.workflow, which is at the module size limit; they use its role checks.)"""

from __future__ import annotations

from typing import Any

from claims.errors import PermissionRefused
from claims.roles import is_editor, is_staff_member
from claims.workflow import Refusal


def stats_scope(user: Any) -> Any | None:
    """Whose claims the statistics count: everyone's (None) for editors, a researcher's own
    (assigned to them) otherwise. Call `stats_refusal` first."""
    return None if is_editor(user) else user


def stats_refusal(user: Any) -> Refusal:
    if is_staff_member(user):
        return None
    return PermissionRefused("Only researchers and editors may see the statistics.")


def webhooks_refusal(user: Any) -> Refusal:
    """Webhooks send the newsroom's work to other systems: administrators only."""
    if getattr(user, "is_superuser", False):
        return None
    return PermissionRefused("Only administrators may manage webhooks.")
