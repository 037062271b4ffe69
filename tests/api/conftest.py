"""API test helpers: a client per member of the cast, authenticated by token."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

ROLES = ["anonymous", "outsider", "researcher", "editor", "superuser"]


@pytest.fixture
def api(request):
    """api("editor") -> an APIClient authenticated with that cast member's token;
    api("anonymous") -> no credentials."""

    def client_for(role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            user = request.getfixturevalue(role)
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
            client.user = user
        return client

    return client_for
