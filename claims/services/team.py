"""The newsroom's members: invite one with a role (a new password, shown once), change a
member's role, deactivate or reactivate them. Administrators only (`workflow.team_refusal`)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from claims import workflow
from claims.roles import EDITORS_GROUP, RESEARCHERS_GROUP, setup_roles

ROLE_GROUPS = {"researcher": RESEARCHERS_GROUP, "editor": EDITORS_GROUP}
ROLES = (*ROLE_GROUPS, "none")


def role_of(user: Any) -> str:
    """ "editor", "researcher" or "none", from the member's groups (editor wins)."""
    names = {group.name for group in user.groups.all()}
    for role in ("editor", "researcher"):
        if ROLE_GROUPS[role] in names:
            return role
    return "none"


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError({"role": f"Role must be one of: {', '.join(ROLES)}."})


def _set_groups(user: Any, role: str) -> None:
    if Group.objects.filter(name__in=ROLE_GROUPS.values()).count() != len(ROLE_GROUPS):
        setup_roles()
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS.values()))
    if role in ROLE_GROUPS:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))


def team_member_invite(
    *, username: str, role: str, email: str = "", actor: Any = None
) -> tuple[Any, str]:
    """A new member with `role` and a random password (returned once, to pass on)."""
    workflow.enforce(workflow.team_refusal(actor))
    User = get_user_model()
    username, email = (username or "").strip(), (email or "").strip()
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Give a user name."
    elif len(username) > 150:
        errors["username"] = "A user name is at most 150 characters."
    elif User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
        errors["username"] = f"“{username}” is taken."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Give a valid e-mail address."
    if role not in ROLE_GROUPS:
        errors["role"] = f"Role must be one of: {', '.join(ROLE_GROUPS)}."
    if errors:
        raise ValidationError(errors)
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=email, password=password)
        _set_groups(user, role)
    return user, password


def team_member_update(*, member: Any, actor: Any, role: str, is_active: bool) -> Any:
    """Set a member's role ("none" takes them off the team) and whether they may log in."""
    workflow.enforce(workflow.team_refusal(actor))
    _check_role(role)
    if actor is not None and member.pk == actor.pk and not is_active:
        raise ValidationError({"is_active": "You cannot deactivate yourself."})
    with transaction.atomic():
        _set_groups(member, role)
        if member.is_active != is_active:
            member.is_active = is_active
            member.save(update_fields=["is_active"])
    return member
