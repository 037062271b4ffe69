"""Token authentication reads the token, its user and the user's permissions in one query,
and the role checks then answer exactly as Django's ModelBackend would, from memory; a
session user's permissions take one query (claims.auth_backend)."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from claims.api.authentication import TokenWithPermissionsAuthentication
from claims.roles import EDITORS_GROUP, RESEARCHERS_GROUP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def authenticate(user):
    key = Token.objects.get_or_create(user=user)[0].key
    with CaptureQueriesContext(connection) as queries:
        found, token = TokenWithPermissionsAuthentication().authenticate_credentials(key)
    assert len(queries) == 1
    assert (found.pk, token.key, token.user_id) == (user.pk, key, user.pk)
    assert (found.username, found.email) == (user.username, user.email)
    return found


def model_backend_permissions(user) -> set[str]:
    """What Django's own ModelBackend answers for a fresh copy of the user."""
    return ModelBackend().get_all_permissions(type(user).objects.get(pk=user.pk))


def answers_from_memory(user, expected: set[str]) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert user.get_all_permissions() == expected
        for permission in ("claims.change_claim", "claims.review_claim", "claims.delete_claim"):
            assert user.has_perm(permission) == (permission in expected)
    assert len(queries) == 0


def test_group_and_direct_permissions_are_loaded_in_the_same_query():
    user = UserFactory(role="researcher")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))  # overlapping groups
    user.user_permissions.add(
        Permission.objects.get(codename="add_rating", content_type__app_label="claims")
    )
    expected = model_backend_permissions(user)
    assert {"claims.add_rating", "claims.review_claim"} <= expected
    answers_from_memory(authenticate(user), expected)


def test_a_user_without_permissions_has_none():
    found = authenticate(UserFactory())
    answers_from_memory(found, set())


def test_direct_permissions_only():
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="change_claim", content_type__app_label="claims")
    )
    answers_from_memory(authenticate(user), {"claims.change_claim"})


def test_superuser_has_every_permission():
    found = authenticate(UserFactory(is_superuser=True))
    assert found.has_perm("claims.review_claim")
    assert found.get_all_permissions() == model_backend_permissions(found)


def test_researcher_group_permissions_match_model_backend():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=RESEARCHERS_GROUP))
    answers_from_memory(authenticate(user), model_backend_permissions(user))


def test_a_session_users_permissions_take_one_query():
    user = UserFactory(role="editor")
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert fresh.has_perm("claims.review_claim")
        assert not fresh.has_perm("claims.delete_claim")
    assert len(queries) == 1
    assert fresh.get_all_permissions() == model_backend_permissions(user)


def test_the_users_other_fields_load_when_asked():
    user = UserFactory()
    found = authenticate(user)
    assert found.date_joined == user.date_joined


def test_unknown_token_and_inactive_user_are_refused():
    auth = TokenWithPermissionsAuthentication()
    with pytest.raises(AuthenticationFailed, match="Invalid token"):
        auth.authenticate_credentials("0" * 40)
    user = UserFactory(is_active=False)
    key = Token.objects.create(user=user).key
    with pytest.raises(AuthenticationFailed, match="inactive"):
        auth.authenticate_credentials(key)


def test_api_requests_by_token(api, editor, outsider):
    assert api("editor").get("/api/v1/claims/").status_code == 200
    assert api("outsider").get("/api/v1/claims/").status_code == 403
    anonymous = api("anonymous")
    anonymous.credentials(HTTP_AUTHORIZATION="Token nope")
    response = anonymous.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
