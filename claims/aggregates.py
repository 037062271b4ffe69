"""SQL the statistics need that Django does not ship: seconds between two date-times and a
percentile aggregate, on PostgreSQL and on SQLite (the embedded default).

PostgreSQL has `percentile_cont(f) WITHIN GROUP (ORDER BY x)`; SQLite has no percentile,
so `register_sqlite_functions` (connected to `connection_created` in `ClaimsConfig.ready`)
gives each SQLite connection a Python aggregate with the same interpolation."""

from __future__ import annotations

import math

from django.db.models import Aggregate, FloatField, Func


class SecondsBetween(Func):
    """`end - start` in seconds, as a float."""

    output_field = FloatField()
    arity = 2

    def __init__(self, start, end, **extra):
        super().__init__(start, end, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        start, end = (compiler.compile(e) for e in self.get_source_expressions())
        return f"EXTRACT(EPOCH FROM ({end[0]} - {start[0]}))::float", [*end[1], *start[1]]

    def as_sqlite(self, compiler, connection, **extra):
        start, end = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"((julianday({end[0]}) - julianday({start[0]})) * 86400.0)"
        return sql, [*end[1], *start[1]]


class Percentile(Aggregate):
    """The continuous percentile (0 < fraction < 1) of an expression, interpolated like
    PostgreSQL's percentile_cont; NULLs are left out, NULL over no rows. (No `filter=`:
    give a Case that is NULL for the rows to leave out.)"""

    name = "Percentile"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, fraction: float):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction is between 0 and 1")
        self.fraction = float(fraction)
        super().__init__(expression)

    def as_postgresql(self, compiler, connection, **extra):
        inner, params = compiler.compile(self.get_source_expressions()[0])
        return f"percentile_cont({self.fraction!r}) WITHIN GROUP (ORDER BY {inner})", params

    def as_sqlite(self, compiler, connection, **extra):
        inner, params = compiler.compile(self.get_source_expressions()[0])
        return f"factcheck_percentile({inner}, {self.fraction!r})", params


def interpolated_percentile(values: list[float], fraction: float) -> float | None:
    """percentile_cont over `values`: linear interpolation between the nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class _SqlitePercentile:
    def __init__(self) -> None:
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value, fraction) -> None:
        self.fraction = fraction
        if value is not None:
            self.values.append(float(value))

    def finalize(self) -> float | None:
        return interpolated_percentile(self.values, self.fraction)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: add the percentile aggregate to each SQLite connection
    (through sqlite3's own create_aggregate)."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("factcheck_percentile", 2, _SqlitePercentile)
