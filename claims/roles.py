"""Who is who: the newsroom's groups (their names are written only here), the permissions
that carry each role, and the groups themselves, created with their permissions (idempotent)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from claims.models import Claim

    User = AbstractBaseUser | AnonymousUser

RESEARCHERS_GROUP = "Researchers"
EDITORS_GROUP = "Editors"

# Roles are carried by permissions (which the groups grant), so a superuser has every role.
RESEARCH_PERMISSION = "claims.change_claim"
REVIEW_PERMISSION = "claims.review_claim"


class Role(enum.StrEnum):
    RESEARCHER = "researcher"
    EDITOR = "editor"
    ASSIGNEE = "assignee"


def is_researcher(user: User) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(RESEARCH_PERMISSION))


def is_editor(user: User) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(REVIEW_PERMISSION))


def is_staff_member(user: User) -> bool:
    """Anyone on the fact-checking team (researcher or editor)."""
    return is_researcher(user) or is_editor(user)


def roles_of(user: User, claim: Claim | None = None) -> set[Role]:
    roles: set[Role] = set()
    if is_researcher(user):
        roles.add(Role.RESEARCHER)
    if is_editor(user):
        roles.add(Role.EDITOR)
    if claim is not None and user.is_authenticated and claim.assignee_id == user.pk:
        roles.add(Role.ASSIGNEE)
    return roles


ROLE_PERMISSIONS = {
    RESEARCHERS_GROUP: [
        "view_document",
        "add_document",
        "view_extractionjob",
        "view_claim",
        "change_claim",
        "view_evidence",
        "add_evidence",
        "view_comment",
        "add_comment",
        "view_rating",
        "view_claimevent",
        "view_labelledsentence",
        "view_scorermodel",
        "view_scorerjob",
        "view_speaker",
    ],
}
ROLE_PERMISSIONS[EDITORS_GROUP] = [
    *ROLE_PERMISSIONS[RESEARCHERS_GROUP],
    "review_claim",
    "add_speaker",
    "change_speaker",
]


def setup_roles() -> dict[str, int]:
    """Create or update the groups; returns the number of permissions per group."""
    counts = {}
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.filter(
            content_type__app_label="claims", codename__in=codenames
        )
        group.permissions.set(permissions)
        counts[group_name] = permissions.count()
    return counts
