import copy

import pytest

CONTEXT_PROCESSOR = "claims.context_processors.notifications"


@pytest.fixture(autouse=True)
def _notification_count_in_header(settings):
    """The header's notification count (until settings.py lists the context processor)."""
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if CONTEXT_PROCESSOR not in processors:
        processors.append(CONTEXT_PROCESSOR)
        settings.TEMPLATES = templates


@pytest.fixture
def as_user(client):
    """Log the client in as one of the cast (None stays anonymous)."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login
