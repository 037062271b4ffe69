"""Notifications: in the app and by e-mail (sent by a worker after the commit), for the
people a claim's assignment or transition concerns (which notice a step sends is data in
`claims.workflow`); and marking them read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from claims import queue, roles, workflow
from claims.models import Claim, Notification

UserModel = get_user_model()


def notify(claim: Claim, recipients: Iterable[Any], kind: str, message: str, actor: Any) -> None:
    """Notify each recipient (never the actor themselves), in the app and by e-mail."""
    people = {r.pk: r for r in recipients if r is not None and r.pk != getattr(actor, "pk", None)}
    if not people:
        return
    Notification.objects.bulk_create(
        Notification(recipient=r, claim=claim, actor=actor, kind=kind, message=message[:300])
        for r in people.values()
    )
    link = settings.SITE_URL + claim.get_absolute_url()
    mails = [
        (
            f"[factcheck] {message[:120]}",
            f"{message}\n\n“{claim.text}”\n\n{link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [r.email],
        )
        for r in people.values()
        if r.email
    ]
    if mails:
        queue.enqueue_on_commit(queue.SEND_NOTIFICATION_EMAILS, mails)


def editors() -> list[Any]:
    return list(
        UserModel.objects.filter(is_active=True, groups__name=roles.EDITORS_GROUP).distinct()
    )


def notify_step(claim: Claim, notice: workflow.Notice, actor: Any, note: str = "") -> None:
    """Send the notice a step carries (`workflow.Transition.notice`, `workflow.ASSIGNED_NOTICE`)
    to its audience."""
    who = actor.get_username() if getattr(actor, "pk", None) else "Someone"
    notify(claim, _audience(claim, notice.audience), notice.kind, notice.text(who, note), actor)


def _audience(claim: Claim, audience: workflow.Audience) -> list[Any]:
    if audience == workflow.Audience.EDITORS:
        return editors()
    if audience == workflow.Audience.TEAM:
        return [claim.assignee, claim.submitted_by]
    return [claim.assignee]


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or the given ids); returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
