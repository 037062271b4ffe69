"""Token authentication reads the token, its user and the user's permissions in one query,
and the role checks then answer exactly as ModelBackend would."""

from __future__ import annotations

import pytest
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
    assert token.created == Token.objects.get(key=key).created
    return found


def expected_permissions(user) -> set[str]:
    fresh = type(user).objects.get(pk=user.pk)
    return fresh.get_all_permissions()


def test_group_and_direct_permissions_are_loaded_in_the_same_query():
    user = UserFactory(role="researcher")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))  # overlapping groups
    user.user_permissions.add(
        Permission.objects.get(codename="add_rating", content_type__app_label="claims")
    )
    found = authenticate(user)
    assert found._perm_cache == expected_permissions(user)
    assert "claims.add_rating" in found._perm_cache
    assert "claims.review_claim" in found._perm_cache
    with CaptureQueriesContext(connection) as queries:
        assert found.has_perm("claims.change_claim")
        assert not found.has_perm("claims.delete_claim")
    assert len(queries) == 0
    for name in ("token_created", "permission_app_label", "permission_codename"):
        assert not hasattr(found, name)


def test_a_user_without_permissions_has_an_empty_cache():
    found = authenticate(UserFactory())
    assert found._perm_cache == set()
    assert not found.has_perm("claims.change_claim")


def test_direct_permissions_only():
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="change_claim", content_type__app_label="claims")
    )
    assert authenticate(user)._perm_cache == {"claims.change_claim"}


def test_superuser_has_every_permission_without_a_cache():
    found = authenticate(UserFactory(is_superuser=True))
    assert not hasattr(found, "_perm_cache")
    assert found.has_perm("claims.review_claim")


def test_researcher_group_permissions_match_model_backend():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=RESEARCHERS_GROUP))
    assert authenticate(user)._perm_cache == expected_permissions(user)


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
