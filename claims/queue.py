"""Work for the Celery workers, sent once the current transaction commits.

Services enqueue through here and name each task by its registered name, so they never
import `claims.tasks` (which imports the services): the layers run one way, tasks -> services.
`ClaimsConfig.ready` imports `claims.tasks`, so every process has the tasks registered and
an eager run (no broker configured) takes the same path as a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)

EXTRACT_DOCUMENT = "claims.tasks.extract_document"
SEND_NOTIFICATION_EMAILS = "claims.tasks.send_notification_emails"
TRAIN_SCORER = "claims.tasks.train_scorer"
RESCORE_CLAIMS = "claims.tasks.rescore_claims"
DELIVER_WEBHOOK = "claims.tasks.deliver_webhook"


def enqueue_on_commit(
    task_name: str, *args: Any, on_failure: Callable[[], None] | None = None
) -> None:
    """Send `task_name(*args)` to the workers when the transaction commits (at once outside
    one); nothing is sent if it rolls back.

    The write has committed by then, so a broker that cannot be reached does not turn it into
    an error: the failure is logged and `on_failure` runs (jobs mark themselves not sent, and
    the sweep sends them when the broker is back)."""
    signature = current_app.signature(task_name, args=args)

    def send() -> None:
        try:
            signature.delay()
        except (KombuOperationalError, OSError) as error:
            logger.error("Could not send %s%r to the broker: %s", task_name, args, error)
            if on_failure is not None:
                on_failure()

    transaction.on_commit(send)
