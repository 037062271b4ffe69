"""Django's ModelBackend, reading a user's permissions in one query instead of two (the
user's own and their groups'), once per request: every API and page request checks a
role (claims.roles), and the write that follows checks another."""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router

# Where a user instance keeps its permissions for the rest of the request (its own
# attribute: set by this backend, or by the token authentication that read them).
LOADED = "loaded_permissions"


def permissions_join(connection, user_id: str, *, outer: bool = False) -> str:
    """JOINs that bring the columns `ct.app_label` and `p.codename`: one row per
    permission the user whose id is the SQL `user_id` holds, directly or through a group
    (`outer`: LEFT JOINs, one row of NULLs for none), from the models' tables."""
    q = connection.ops.quote_name
    User = get_user_model()
    user_perms = User.user_permissions.through
    user_groups = User.groups.through
    group_perms = Group.permissions.through
    join = "LEFT JOIN" if outer else "INNER JOIN"

    def table(model) -> str:
        return q(model._meta.db_table)

    def col(model, field: str) -> str:
        return q(model._meta.get_field(field).column)

    return f"""
{join} (
    SELECT up.{col(user_perms, "user")} AS user_id,
           up.{col(user_perms, "permission")} AS permission_id
    FROM {table(user_perms)} up
    UNION ALL
    SELECT ug.{col(user_groups, "user")}, gp.{col(group_perms, "permission")}
    FROM {table(user_groups)} ug
    INNER JOIN {table(group_perms)} gp
        ON gp.{col(group_perms, "group")} = ug.{col(user_groups, "group")}
) granted ON granted.user_id = {user_id}
{join} {table(Permission)} p ON p.{col(Permission, "id")} = granted.permission_id
{join} {table(ContentType)} ct ON ct.{col(ContentType, "id")} = p.{col(Permission, "content_type")}
"""


def permission_columns(connection) -> str:
    q = connection.ops.quote_name
    app_label = q(ContentType._meta.get_field("app_label").column)
    return f"ct.{app_label}, p.{q(Permission._meta.get_field('codename').column)}"


@cache
def _user_permissions_sql(alias: str) -> str:
    connection = connections[alias]
    User = get_user_model()
    user_id = f"u.{connection.ops.quote_name(User._meta.pk.column)}"
    return f"""
SELECT DISTINCT {permission_columns(connection)}
FROM {connection.ops.quote_name(User._meta.db_table)} u
{permissions_join(connection, user_id)}
WHERE {user_id} = %s
"""


def set_loaded_permissions(user, permissions: set[str]) -> None:
    setattr(user, LOADED, permissions)


class PermissionBackend(ModelBackend):
    """ModelBackend with `get_all_permissions` in one query, kept on the user instance."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:  # every permission; User.has_perm does not ask
            return super().get_all_permissions(user_obj, obj)
        permissions = getattr(user_obj, LOADED, None)
        if permissions is None:
            alias = router.db_for_read(Permission)
            with connections[alias].cursor() as cursor:
                cursor.execute(_user_permissions_sql(alias), [user_obj.pk])
                permissions = {f"{app_label}.{codename}" for app_label, codename in cursor}
            set_loaded_permissions(user_obj, permissions)
        return permissions
