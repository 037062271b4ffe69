"""Rows of `.values()`-style paths by one object's id, in raw SQL through Django's cursor.

For the hottest read (the claim detail: 54 columns over six joins), building and compiling
the ORM query on every request cost as much as running it. Here the SQL is written once
per database from the models' `_meta` (tables, columns, relations) and run with the id
for each request: the rows come back as `.values()` gives them (the same keys; dates
aware, JSON decoded), through Django's cursor (logged and counted like any query).

Paths are what `.values()` takes: "text", "job_id", "document__title",
"evidence__added_by__username" (forward foreign keys and reverse one-to-many relations).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from django.db import connections, models, router
from django.utils import timezone


def model_of(model, prefix: Sequence[str]):
    """The model a path prefix (a chain of relations) leads to."""
    for part in prefix:
        model = model._meta.get_field(part).related_model
    return model


def _resolve(model, path: str) -> tuple[tuple[str, ...], models.Field]:
    """The relations a path goes through (a prefix of its parts) and its final field. A
    path ending in a related object's primary key reads the foreign key instead."""
    parts = path.split("__")
    prefix = tuple(parts[:-1])
    field = model_of(model, prefix)._meta.get_field(parts[-1])
    if prefix and field.primary_key:
        relation = model_of(model, prefix[:-1])._meta.get_field(prefix[-1])
        if relation.many_to_one:  # document__id: claims_claim.document_id, no join
            return prefix[:-1], relation
    return prefix, field


class RowsById:
    """`rows(pk)`: the rows of `paths` for the object `pk` of `model` (several when a path
    goes through a one-to-many relation: LEFT JOINs, as `.values()` would give them)."""

    def __init__(self, model: type[models.Model], paths: Sequence[str]):
        self.model = model
        self.paths = list(paths)
        self.resolved = [_resolve(model, path) for path in self.paths]
        self._sql: dict[str, str] = {}

    def sql(self, alias: str) -> str:
        if alias not in self._sql:
            self._sql[alias] = self._write(connections[alias].ops.quote_name)
        return self._sql[alias]

    def _write(self, q) -> str:
        aliases: dict[tuple[str, ...], str] = {(): "t0"}
        joins: list[str] = []
        for prefix, _ in self.resolved:
            for depth in range(1, len(prefix) + 1):
                key = prefix[:depth]
                if key in aliases:
                    continue
                parent_alias = aliases[key[:-1]]
                relation = model_of(self.model, key[:-1])._meta.get_field(key[-1])
                alias = aliases[key] = f"t{len(aliases)}"
                table = q(relation.related_model._meta.db_table)
                if relation.many_to_one:  # a forward foreign key
                    target, source = relation.target_field.column, relation.column
                    on = f"{alias}.{q(target)} = {parent_alias}.{q(source)}"
                else:  # a reverse one-to-many relation
                    remote, target = relation.field.column, relation.field.target_field.column
                    on = f"{alias}.{q(remote)} = {parent_alias}.{q(target)}"
                joins.append(f"LEFT JOIN {table} {alias} ON {on}")
        columns = ", ".join(
            f"{aliases[prefix]}.{q(field.column)}" for prefix, field in self.resolved
        )
        pk = q(self.model._meta.pk.column)
        table = q(self.model._meta.db_table)
        return f"SELECT {columns} FROM {table} t0 {' '.join(joins)} WHERE t0.{pk} = %s"

    def rows(self, pk: int) -> list[dict[str, Any]]:
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql(alias), [pk])
            raw = cursor.fetchall()
        fields = [field for _, field in self.resolved]
        return [
            {
                path: _value(field, value, connection)
                for path, field, value in zip(self.paths, fields, row, strict=True)
            }
            for row in raw
        ]


def _value(field: models.Field, value: Any, connection) -> Any:
    """As the ORM would give it: JSON decoded (the field's own `from_db_value`), dates
    aware (SQLite's driver answers them naive, in UTC)."""
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return field.from_db_value(value, None, connection)
    if isinstance(field, models.DateTimeField) and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    return value
