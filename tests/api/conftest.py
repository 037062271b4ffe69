"""API test helpers: a client per member of the cast, authenticated by token."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import ClaimFactory, EvidenceFactory, rating

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


def make_claim(status: str = "new", **kwargs):
    """A claim already at `status`, with what that status implies (verdict, evidence...)."""
    later = {"researching", "in_review", "approved", "published"}
    if status in later:
        kwargs.setdefault("rating", rating("false"))
        kwargs.setdefault("verdict_summary", "Unemployment was 3.7 percent, not 3.9.")
    if status == "published":
        now = timezone.now()
        kwargs.setdefault("published_at", now)
        kwargs.setdefault("first_published_at", now)
        kwargs.setdefault("slug", "unemployment-fell-to-3-9-percent")
    claim = ClaimFactory(status=status, **kwargs)
    if status in later:
        EvidenceFactory(claim=claim)
    return claim
