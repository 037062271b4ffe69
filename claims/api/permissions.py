"""Who may use the API at all. Which workflow step a user may take is decided by
claims.workflow (through the services), never here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q
from rest_framework.permissions import BasePermission

from claims import workflow

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Backends that only guard logins and answer no permission question (django-axes's goes
# first in AUTHENTICATION_BACKENDS): they do not change what has_perm answers.
LOGIN_GUARDS = {"axes.backends.AxesStandaloneBackend"}


def caches_permissions(user) -> bool:
    """Whether the user's permissions should be read here and left in ModelBackend's
    cache: an active, non-superuser account (a superuser has every permission without
    looking), when ModelBackend is the only backend that answers permissions."""
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and not hasattr(user, "_perm_cache")
        and [b for b in settings.AUTHENTICATION_BACKENDS if b not in LOGIN_GUARDS]
        == [MODEL_BACKEND]
    )


def load_permissions(user) -> None:
    """Read the user's permissions in one query instead of ModelBackend's two (user and
    group permissions), and leave them where ModelBackend caches them for the request, so
    `has_perm` (and so claims.workflow) answers from memory. Every API request checks a
    role; this is the cheapest way to keep that check exact. (Token requests have them
    already: claims.api.authentication reads them with the token.)"""
    if not caches_permissions(user):
        return
    rows = (
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    user._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}


class IsTeamMember(BasePermission):
    """Researchers and editors (and superusers): the newsroom. Others see only their own
    account, their notifications and the public feed."""

    message = "Only researchers and editors may use this endpoint."

    def has_permission(self, request, view) -> bool:
        load_permissions(request.user)
        return workflow.is_staff_member(request.user)
