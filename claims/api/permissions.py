"""Who may use the API at all. Which workflow step a user may take is decided by
claims.workflow (through the services), never here."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from claims import workflow


class IsTeamMember(BasePermission):
    """Researchers and editors (and superusers): the newsroom. Others see only their own
    account, their notifications and the public feed."""

    message = "Only researchers and editors may use this endpoint."

    def has_permission(self, request, view) -> bool:
        return workflow.is_staff_member(request.user)
