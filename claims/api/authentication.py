"""Token authentication that reads the caller's permissions in the same query."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models.sql import Query
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.throttling import BaseThrottle

from claims.api.permissions import caches_permissions, load_permissions
from factcheck import ratelimit


def _token_query(connection) -> tuple:
    """The SQL of the token, its user and one row per permission the user holds, directly
    or through a group (the user's columns repeat; no permission: one row with NULLs), in
    SQL that SQLite and PostgreSQL both read, from the models' tables; and what turns a
    row into instances: the user's fields and the converters of the connection's backend
    (as the ORM applies them). Built once per connection object."""
    from rest_framework.authtoken.models import Token

    User = get_user_model()
    q = connection.ops.quote_name

    def table(model) -> str:
        return q(model._meta.db_table)

    def column(model, field: str) -> str:
        return q(model._meta.get_field(field).column)

    user_perms = User.user_permissions.through
    user_groups = User.groups.through
    group_perms = Permission.group_set.through
    user_fields = list(User._meta.concrete_fields)
    created = Token._meta.get_field("created")
    user_columns = ", ".join(f"u.{q(f.column)}" for f in user_fields)
    sql = f"""
SELECT {user_columns}, t.{q(created.column)},
       ct.{column(ContentType, "app_label")}, p.{column(Permission, "codename")}
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
    compiler = connection.ops.compiler("SQLCompiler")(Query(User), connection, connection.alias)
    columns = [f.get_col(User._meta.db_table) for f in user_fields]
    columns.append(created.get_col(Token._meta.db_table))
    converters = compiler.get_converters([*columns, None, None])
    return sql, [f.attname for f in user_fields], compiler, converters


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
    token, its user and the user's permissions, which are left in ModelBackend's
    per-request cache (see claims.api.permissions), so that role checks answer from memory:
    one query instead of two, and no ORM query building on the way."""

    def authenticate_credentials(self, key):
        from rest_framework.authtoken.models import Token

        model = self.get_model()
        User = get_user_model()
        if model is not Token or not hasattr(User, "user_permissions"):
            user, token = super().authenticate_credentials(key)
            load_permissions(user)
            return user, token
        db = router.db_for_read(model)
        connection = connections[db]
        cache = connection.__dict__.setdefault("_compiled_values", {})
        query = cache.get(type(self))
        if query is None:
            query = cache[type(self)] = _token_query(connection)
        sql, names, compiler, converters = query
        with connection.cursor() as cursor:
            cursor.execute(sql, [key])
            rows = cursor.fetchall()
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        first = rows[0]
        user = User.from_db(db, names, first[: len(names)])
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if caches_permissions(user):
            user._perm_cache = {f"{row[-2]}.{row[-1]}" for row in rows if row[-1] is not None}
        token = model.from_db(db, ["key", "user_id", "created"], [key, user.pk, first[-3]])
        token.user = user
        return user, token
