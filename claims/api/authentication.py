"""Token authentication that reads the caller's permissions in the same query."""

from __future__ import annotations

from datetime import UTC
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from claims.api.permissions import caches_permissions, load_permissions


@cache
def _token_sql(vendor: str, quote_name) -> str:
    """The token, its user (every column) and one row per permission the user holds,
    directly or through a group (the user's columns repeat; no permission: one row with
    NULLs). Written in SQL that SQLite and PostgreSQL both read, from the models' tables."""
    from rest_framework.authtoken.models import Token

    User = get_user_model()
    q = quote_name

    def table(model) -> str:
        return q(model._meta.db_table)

    def column(model, field: str) -> str:
        return q(model._meta.get_field(field).column)

    user_perms = User.user_permissions.through
    user_groups = User.groups.through
    group_perms = Permission.group_set.through
    return f"""
SELECT u.*, t.{column(Token, "created")} AS token_created,
       ct.{column(ContentType, "app_label")} AS permission_app_label,
       p.{column(Permission, "codename")} AS permission_codename
FROM {table(Token)} t
INNER JOIN {table(User)} u ON u.{column(User, "id")} = t.{column(Token, "user")}
LEFT JOIN (
    SELECT up.{column(user_perms, "user")} AS user_id,
           up.{column(user_perms, "permission")} AS permission_id
    FROM {table(user_perms)} up
    UNION ALL
    SELECT ug.{column(user_groups, "user")}, gp.{column(group_perms, "permission")}
    FROM {table(user_groups)} ug
    INNER JOIN {table(group_perms)} gp
        ON gp.{column(group_perms, "group")} = ug.{column(user_groups, "group")}
) granted ON granted.user_id = u.{column(User, "id")}
LEFT JOIN {table(Permission)} p ON p.{column(Permission, "id")} = granted.permission_id
LEFT JOIN {table(ContentType)} ct
    ON ct.{column(ContentType, "id")} = p.{column(Permission, "content_type")}
WHERE t.{column(Token, "key")} = %s
"""


def _aware(value):
    """The token's creation time as the ORM would give it (SQLite answers text)."""
    from rest_framework.authtoken.models import Token

    value = Token._meta.get_field("created").to_python(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


class TokenWithPermissionsAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's TokenAuthentication, but one query brings the
    token, its user and the user's permissions, which are left in ModelBackend's
    per-request cache (see claims.api.permissions), so that role checks answer from memory:
    one query instead of two, and no ORM query building on the way."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        User = get_user_model()
        if not hasattr(User, "user_permissions") or not hasattr(User, "groups"):
            user, token = super().authenticate_credentials(key)
            load_permissions(user)
            return user, token
        db = router.db_for_read(model)
        connection = connections[db]
        sql = _token_sql(connection.vendor, connection.ops.quote_name)
        rows = list(User._default_manager.db_manager(db).raw(sql, [key]))
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = rows[0]
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if caches_permissions(user):
            user._perm_cache = {
                f"{row.permission_app_label}.{row.permission_codename}"
                for row in rows
                if row.permission_codename is not None
            }
        token = model(key=key, user=user, created=_aware(user.token_created))
        for name in ("token_created", "permission_app_label", "permission_codename"):
            delattr(user, name)
        token._state.adding = False
        token._state.db = db
        return user, token
