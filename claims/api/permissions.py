"""Who may use the API at all. Which workflow step a user may take is decided by
claims.workflow (through the services), never here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q
from rest_framework.permissions import BasePermission

from claims import workflow

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def load_permissions(user) -> None:
    """Read the user's permissions in one query instead of ModelBackend's two (user and
    group permissions), and leave them where ModelBackend caches them for the request, so
    `has_perm` (and so claims.workflow) answers from memory. Every API request checks a
    role; this is the cheapest way to keep that check exact."""
    if (
        not user.is_authenticated
        or not user.is_active
        or user.is_superuser
        or hasattr(user, "_perm_cache")
        or list(settings.AUTHENTICATION_BACKENDS) != [MODEL_BACKEND]
    ):
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
