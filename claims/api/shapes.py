"""What a resource table (claims.api.resources) is written with, and the three things one
table gives: the columns to select, the JSON, and the OpenAPI schema.

A table is a tuple of entries, one a JSON key, in the order of the answer:

- `Field("score", Float())`: the column `score` as it is; `source=` names another column
  or a computed value (`Computed`). A date-time field is written as DRF writes it.
- `Nested("document", DOCUMENT_REF, prefix="document__")`: an object made of joined
  columns; `nullable=True` answers null when its first field (the id) is null.
- `Attached("evidence", EVIDENCE, many=True)`: rows a selector fetched and put under that
  key of the row (a list, or one row or None), rendered with their own table.

From a table: `columns(table)` for `.values()`, `renderer(table)` a plain function from a
row (a dict) to the JSON dict, and `serializer(name, table)` a read-only serializer that
drf-spectacular documents (it is never used to serialize).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from rest_framework import serializers

Row = dict[str, Any]


def iso(value: datetime | None) -> str | None:
    """As DRF's DateTimeField writes it (settings.TIME_ZONE is UTC): ISO 8601, Z for UTC."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- Schema field kinds (read-only: these tables describe answers) ---


def Int(**kwargs) -> serializers.Field:  # noqa: N802 - a kind, read like a type
    return serializers.IntegerField(read_only=True, **kwargs)


def Url(**kwargs) -> serializers.Field:  # noqa: N802
    return serializers.URLField(read_only=True, **kwargs)


def Float(**kwargs) -> serializers.Field:  # noqa: N802
    return serializers.FloatField(read_only=True, **kwargs)


def Text(**kwargs) -> serializers.Field:  # noqa: N802
    return serializers.CharField(read_only=True, **kwargs)


def Bool(**kwargs) -> serializers.Field:  # noqa: N802
    return serializers.BooleanField(read_only=True, **kwargs)


def When(**kwargs) -> serializers.Field:  # noqa: N802
    return serializers.DateTimeField(read_only=True, **kwargs)


def Choice(choices, **kwargs) -> serializers.Field:  # noqa: N802
    return serializers.ChoiceField(choices, read_only=True, **kwargs)


def Json(**kwargs) -> serializers.Field:  # noqa: N802
    return serializers.JSONField(read_only=True, **kwargs)


# --- Entries ---


@dataclass(frozen=True)
class Computed:
    """A value worked out from columns of the row (`needs`), e.g. a job's percentage."""

    needs: tuple[str, ...]
    compute: Callable[..., Any]


@dataclass(frozen=True)
class Field:
    key: str
    schema: serializers.Field
    source: str | Computed | None = None


@dataclass(frozen=True)
class Nested:
    key: str
    table: tuple
    prefix: str
    name: str  # the schema component
    nullable: bool = False


@dataclass(frozen=True)
class Attached:
    key: str
    table: tuple
    name: str
    many: bool = False
    nullable: bool = False
    help_text: str = ""


Table = tuple[Field | Nested | Attached, ...]


def replace(table: Table, *entries) -> Table:
    """`table` with the entries of the same keys swapped for `entries` (in place) and
    the others added at the end: a detail shape from a list shape."""
    new = {entry.key: entry for entry in entries}
    kept = tuple(new.pop(entry.key, entry) for entry in table)
    return kept + tuple(new.values())


def _source(entry: Field, prefix: str) -> str | Computed:
    source = entry.source or entry.key
    return source if isinstance(source, Computed) else prefix + source


def columns(table: Table, prefix: str = "") -> list[str]:
    """The `.values()` paths the table reads (attached rows are fetched on their own)."""
    paths: list[str] = []
    for entry in table:
        if isinstance(entry, Field):
            source = _source(entry, prefix)
            if isinstance(source, Computed):
                paths += [prefix + need for need in source.needs]
            else:
                paths.append(source)
        elif isinstance(entry, Nested):
            paths += columns(entry.table, prefix + entry.prefix)
    return list(dict.fromkeys(paths))


def _getter(entry, prefix: str) -> Callable[[Row], Any]:
    if isinstance(entry, Field):
        source = _source(entry, prefix)
        if isinstance(source, Computed):
            needs = [prefix + need for need in source.needs]
            return lambda row: source.compute(*(row[need] for need in needs))
        if isinstance(entry.schema, serializers.DateTimeField):
            return lambda row: iso(row[source])
        return itemgetter(source)
    if isinstance(entry, Nested):
        inner = renderer(entry.table, prefix + entry.prefix)
        if not entry.nullable:
            return inner
        guard = columns(entry.table, prefix + entry.prefix)[0]
        return lambda row: None if row[guard] is None else inner(row)
    inner = renderer(entry.table)
    if entry.many:
        return lambda row: [inner(item) for item in row[entry.key]]
    return lambda row: None if row[entry.key] is None else inner(row[entry.key])


def renderer(table: Table, prefix: str = "") -> Callable[[Row], Row]:
    """A function from a row (the `.values()` dict of `columns(table)`, plus attached
    rows) to the answer's dict, keys in the table's order."""
    getters = [(entry.key, _getter(entry, prefix)) for entry in table]

    def render(row: Row) -> Row:
        return {key: get(row) for key, get in getters}

    return render


_serializers: dict[str, type[serializers.Serializer]] = {}


def serializer(name: str, table: Table, **kwargs) -> serializers.Serializer:
    """A serializer describing the table, for drf-spectacular; `name` is its component
    (one class per name, so a shape used in several places is one component)."""
    return serializer_class(name, table)(**kwargs)


def serializer_class(name: str, table: Table) -> type[serializers.Serializer]:
    """The class of `serializer(name, table)` (for a view's `serializer_class`, which DRF's
    OPTIONS answer describes)."""
    cls = _serializers.get(name)
    if cls is None:
        fields: dict[str, serializers.Field] = {}
        for entry in table:
            if isinstance(entry, Field):
                fields[entry.key] = copy.deepcopy(entry.schema)
            elif isinstance(entry, Nested):
                fields[entry.key] = serializer(
                    entry.name, entry.table, read_only=True, allow_null=entry.nullable
                )
            else:
                fields[entry.key] = serializer(
                    entry.name,
                    entry.table,
                    read_only=True,
                    many=entry.many,
                    allow_null=entry.nullable,
                    help_text=entry.help_text or None,
                )
        cls = _serializers[name] = type(f"{name}Serializer", (serializers.Serializer,), fields)
    return cls
