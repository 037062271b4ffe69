"""SQL the statistics need that Django does not ship: seconds between two date-times and a
percentile aggregate, on PostgreSQL and on SQLite (the embedded default).

PostgreSQL has `percentile_cont(f) WITHIN GROUP (ORDER BY x)`; SQLite has no percentile,
so `register_sqlite_functions` (connected to `connection_created` in `ClaimsConfig.ready`)
gives each SQLite connection a Python aggregate with the same interpolation."""

from __future__ import annotations

import math

from django.db.models import Aggregate, Case, FloatField, Func, When


class SecondsBetween(Func):
    """`end - start` in seconds, as a float."""

    output_field = FloatField()
    arity = 2

    def __init__(self, start, end):
        super().__init__(end, start)  # the template subtracts the second from the first

    def as_postgresql(self, *args, **extra):
        template = "EXTRACT(EPOCH FROM (%(expressions)s))::float"
        return self.as_sql(*args, template=template, arg_joiner=" - ", **extra)

    def as_sqlite(self, *args, **extra):
        template = "((julianday(%(expressions)s)) * 86400.0)"
        return self.as_sql(*args, template=template, arg_joiner=") - julianday(", **extra)


class Percentile(Aggregate):
    """The continuous percentile (0 <= fraction <= 1) of an expression, interpolated like
    PostgreSQL's percentile_cont; NULLs are left out, NULL over no rows."""

    name = "Percentile"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, *, filter=None, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction is between 0 and 1")
        # A filter becomes CASE WHEN filter THEN expression END (NULL elsewhere, left out):
        # the same SQL on every database and on Django 5.2 and 6.0, whose aggregates place
        # a FILTER clause in their templates differently.
        if filter is not None:
            expression = Case(When(filter, then=expression))
        super().__init__(expression, fraction=float(fraction), **extra)

    def as_postgresql(self, *args, **extra):
        template = "percentile_cont(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
        return self.as_sql(*args, template=template, **extra)

    def as_sqlite(self, *args, **extra):
        template = "factcheck_percentile(%(expressions)s, %(fraction)s)"
        return self.as_sql(*args, template=template, **extra)


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
