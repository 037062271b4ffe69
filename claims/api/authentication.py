"""Token authentication that reads the token, its user and the user's permissions in one
query (raw SQL through Django's cursor, written once from the models' table names).

The permissions are handed to claims.auth_backend.PermissionBackend (the user's
`loaded_permissions`), so that the role checks of the request answer from memory."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, router
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.throttling import BaseThrottle

from claims.auth_backend import permission_columns, permissions_join, set_loaded_permissions
from factcheck import ratelimit

# The user's columns read with the token: what a request uses (roles, the /me answer).
# The others (password, dates) stay deferred and load on first use.
USER_FIELDS = ("id", "username", "email", "first_name", "last_name", "is_active", "is_superuser")


def user_fields() -> list:
    """The user model's fields of USER_FIELDS, in the model's order (as `from_db` wants)."""
    return [f for f in get_user_model()._meta.concrete_fields if f.name in USER_FIELDS]


@cache
def token_sql(alias: str) -> str:
    """The token's user and one row per permission the user holds, directly or through a
    group (the user's columns repeat; no permission: one row with NULLs)."""
    connection = connections[alias]
    q = connection.ops.quote_name
    User = get_user_model()
    user_columns = ", ".join(f"u.{q(field.column)}" for field in user_fields())
    user_id = f"u.{q(User._meta.pk.column)}"
    return f"""
SELECT {user_columns}, {permission_columns(connection)}
FROM {q(Token._meta.db_table)} t
INNER JOIN {q(User._meta.db_table)} u ON {user_id} = t.{q(Token._meta.get_field("user").column)}
{permissions_join(connection, user_id, outer=True)}
WHERE t.{q(Token._meta.get_field("key").column)} = %s
"""


class FailureLimitedTokenAuthentication(TokenAuthentication):
    """Token authentication that stops guessing: after API_TOKEN_FAILURE_LIMIT wrong tokens
    from one client address, that address is answered 429 with Retry-After until the
    window (LOGIN_COOLOFF_SECONDS) turns, right token or not."""

    def authenticate(self, request):
        client = BaseThrottle().get_ident(request)
        window = settings.LOGIN_COOLOFF_SECONDS
        if ratelimit.count("token-failure", client, window) >= settings.API_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(
                wait=ratelimit.seconds_left(window),
                detail="Too many wrong tokens from this address.",
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            ratelimit.record("token-failure", client, window)
            raise


class TokenWithPermissionsAuthentication(FailureLimitedTokenAuthentication):
    """`Authorization: Token <key>`, as DRF's TokenAuthentication, but one query brings the
    token's user and the user's permissions: one query instead of three."""

    def authenticate_credentials(self, key):
        User = get_user_model()
        if self.get_model() is not Token or not hasattr(User, "user_permissions"):
            return super().authenticate_credentials(key)
        db = router.db_for_read(Token)
        with connections[db].cursor() as cursor:
            cursor.execute(token_sql(db), [key])
            rows = cursor.fetchall()
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        fields = user_fields()
        values = [field.to_python(value) for field, value in zip(fields, rows[0], strict=False)]
        user = User.from_db(db, [f.attname for f in fields], values)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        set_loaded_permissions(user, {f"{r[-2]}.{r[-1]}" for r in rows if r[-1] is not None})
        token = Token.from_db(db, ["key", "user_id"], [key, user.pk])
        token.user = user
        return user, token
