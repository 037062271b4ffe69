"""Template context for every page: the unread notification count shown in the header."""

from django.utils.functional import SimpleLazyObject

from claims import selectors
from claims.workflow import is_staff_member


def notifications(request):
    """`unread_notifications`: counted only when a template shows it (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: selectors.unread_notification_count(user) if is_staff_member(user) else 0
        )
    }
