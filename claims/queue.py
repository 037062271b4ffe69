"""Work for the Celery workers, sent once the current transaction commits.

Services enqueue through here and name each task by its registered name, so they never
import `claims.tasks` (which imports the services): the layers run one way, tasks -> services.
`ClaimsConfig.ready` imports `claims.tasks`, so every process has the tasks registered and
an eager run (no broker configured) takes the same path as a worker.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.db import transaction

EXTRACT_DOCUMENT = "claims.tasks.extract_document"
SEND_NOTIFICATION_EMAILS = "claims.tasks.send_notification_emails"
TRAIN_SCORER = "claims.tasks.train_scorer"
RESCORE_CLAIMS = "claims.tasks.rescore_claims"
DELIVER_WEBHOOK = "claims.tasks.deliver_webhook"


def enqueue_on_commit(task_name: str, *args: Any) -> None:
    """Send `task_name(*args)` to the workers when the transaction commits (at once outside
    one); nothing is sent if it rolls back."""
    signature = current_app.signature(task_name, args=args)
    transaction.on_commit(signature.delay)
