"""ORM queries of a fixed shape, compiled to SQL once and then run with new values.

The claim detail is read on every request with the same query but for the id. Building the
`.values()` queryset and compiling it (joins, the select list, quoting) costs several
times what running it does, so `CompiledValues` builds and compiles it once per database
connection, with placeholder values, and afterwards only swaps the values in. The query is
still written with the ORM (the models stay the one description of the tables), the rows
come back as `.values()` would give them (the backend's and fields' converters applied),
and every run goes through Django's cursor (logged, counted by the tests' query counts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet


class CompiledValues:
    """`build(*placeholders)` -> a `.values()` queryset. Each placeholder must be a value
    of the type the query's lookup expects (an int for an id), distinct from every other
    parameter of the query, so that it can be found among the compiled parameters."""

    def __init__(self, build: Callable[..., QuerySet], *placeholders: Any):
        self.build = build
        self.placeholders = placeholders
        self.model = build(*placeholders).model

    def _compile(self, connection) -> tuple:
        query = self.build(*self.placeholders).query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = []
        for placeholder in self.placeholders:
            found = [i for i, param in enumerate(params) if param == placeholder]
            if len(found) != 1:
                raise ValueError(f"The placeholder {placeholder!r} is not one parameter.")
            positions.append(found[0])
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        expressions = [select[0] for select in compiler.select[: compiler.col_count]]
        if len(names) != len(expressions):
            raise ValueError("Only .values() queries of plain columns can be compiled.")
        converters = compiler.get_converters(expressions)
        return sql, params, positions, names, compiler, converters

    def rows(self, *values: Any) -> list[dict[str, Any]]:
        """The rows for `values` (in the placeholders' order), as dicts."""
        connection = connections[router.db_for_read(self.model)]
        # Kept on the connection object (one per thread and alias): the SQL and the
        # converters are the backend's.
        cache = connection.__dict__.setdefault("_compiled_values", {})
        compiled = cache.get(self)
        if compiled is None:
            compiled = cache[self] = self._compile(connection)
        sql, params, positions, names, compiler, converters = compiled
        params = params.copy()
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [dict(zip(names, row, strict=True)) for row in rows]
