"""Pagination: page numbers for the small lists, keyset cursors for claims.

The claim list can hold a million rows, so it pages by keyset: the cursor carries the
ordering value and id of the last row seen, and the next page is
`WHERE (value, id) after (v, id) ORDER BY value, id LIMIT n` -- the same cost on page 1 and
page 5,000, no COUNT, no OFFSET. The tie-breaker `id` follows the direction of the ordering.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from claims.validators import MAX_ID


class PagePagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


# The orderings a client may ask for: public name -> (model field, nullable, value type).
CLAIM_ORDERINGS: dict[str, tuple[str, bool, type]] = {
    "score": ("score", False, float),
    "created_at": ("created_at", False, datetime),
    "due_at": ("due_at", True, datetime),
    "priority": ("priority", False, int),
}
CLAIM_ORDERING_CHOICES = [value for name in CLAIM_ORDERINGS for value in (name, f"-{name}")]
DEFAULT_CLAIM_ORDERING = "-score"


def _row_value(row: Any, field: str) -> Any:
    return row[field] if isinstance(row, dict) else getattr(row, field)


class KeysetPagination(BasePagination):
    """Cursor pagination over (ordering field, id), forwards and backwards."""

    page_size = 25
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({"page_size": ["Give a whole number."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"Give a page size between 1 and {self.max_page_size}."]}
            )
        return size

    def get_ordering(self, request) -> str:
        ordering = request.query_params.get(self.ordering_query_param) or DEFAULT_CLAIM_ORDERING
        if ordering not in CLAIM_ORDERING_CHOICES:
            raise ValidationError(
                {"ordering": [f"Order by one of: {', '.join(CLAIM_ORDERING_CHOICES)}."]}
            )
        return ordering

    # --- cursors ---

    def encode_cursor(self, *, ordering: str, row: Any, reverse: bool) -> str:
        field, _, kind = CLAIM_ORDERINGS[ordering.lstrip("-")]
        value = _row_value(row, field)
        if isinstance(value, datetime):
            value = value.isoformat()
        payload = {"o": ordering, "v": value, "id": _row_value(row, "id"), "r": int(reverse)}
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode_cursor(self, cursor: str, ordering: str) -> tuple[Any, int, bool]:
        invalid = ValidationError(
            {"cursor": ["This cursor is not valid: use the next or previous link as given."]}
        )
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            payload = json.loads(raw)
            value, pk, reverse = payload["v"], payload["id"], bool(payload["r"])
            cursor_ordering = payload["o"]
        except (ValueError, TypeError, KeyError, binascii.Error, RecursionError):
            raise invalid from None
        if not isinstance(payload, dict) or cursor_ordering != ordering:
            raise ValidationError(
                {"cursor": ["This cursor belongs to another ordering: start from the first page."]}
            )
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk <= MAX_ID:
            raise invalid
        field, nullable, kind = CLAIM_ORDERINGS[ordering.lstrip("-")]
        try:
            if value is None:
                if not nullable:
                    raise ValueError
            elif kind is datetime:
                value = datetime.fromisoformat(value)
                if value.tzinfo is None:
                    raise ValueError
                # In UTC: PostgreSQL refuses offsets Python accepts (beyond 15:59, or with
                # seconds), and such a value would otherwise reach the query.
                value = value.astimezone(UTC)
            elif kind is float:
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError
                value = float(value)
            elif kind is int and (
                isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_ID
            ):
                raise ValueError
        except (ValueError, TypeError, OverflowError):
            raise invalid from None
        return value, pk, reverse

    # --- the query ---

    @staticmethod
    def _order_by(field: str, nullable: bool, descending: bool) -> list:
        if not nullable:
            return [f"-{field}", "-id"] if descending else [field, "id"]
        expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        return [expression, "-id" if descending else "id"]

    @staticmethod
    def _after(field: str, nullable: bool, descending: bool, value: Any, pk: int) -> Q:
        """Rows strictly after (value, pk) in the order (value, id), both `descending` or
        not, nulls last. `field <= value` is written out so an index on the field bounds the
        scan."""
        id_after = Q(id__lt=pk) if descending else Q(id__gt=pk)
        if value is None:  # only nulls are left, ordered by id
            return Q(**{f"{field}__isnull": True}) & id_after
        beyond, up_to = ("lt", "lte") if descending else ("gt", "gte")
        condition = Q(**{f"{field}__{up_to}": value}) & (
            Q(**{f"{field}__{beyond}": value}) | id_after
        )
        if nullable:
            condition |= Q(**{f"{field}__isnull": True})
        return condition

    @staticmethod
    def _before(field: str, nullable: bool, descending: bool, value: Any, pk: int) -> Q:
        """Rows strictly before (value, pk) in the same order."""
        id_before = Q(id__gt=pk) if descending else Q(id__lt=pk)
        if value is None:
            not_null = Q(**{f"{field}__isnull": False})
            return not_null | (Q(**{f"{field}__isnull": True}) & id_before)
        before, from_ = ("gt", "gte") if descending else ("lt", "lte")
        return Q(**{f"{field}__{from_}": value}) & (Q(**{f"{field}__{before}": value}) | id_before)

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        size = self.get_page_size(request)
        self.ordering = ordering = self.get_ordering(request)
        descending = ordering.startswith("-")
        field, nullable, _ = CLAIM_ORDERINGS[ordering.lstrip("-")]
        cursor = request.query_params.get(self.cursor_query_param)
        reverse = False
        if cursor:
            value, pk, reverse = self.decode_cursor(cursor, ordering)
            where = (self._before if reverse else self._after)(
                field, nullable, descending, value, pk
            )
            queryset = queryset.filter(where)
        # Backwards: read the reversed order, then turn the page round.
        queryset = queryset.order_by(*self._order_by(field, nullable, descending != reverse))
        if nullable and reverse:
            # Reversed "nulls last" is "nulls first".
            queryset = queryset.order_by(
                F(field).asc(nulls_first=True) if descending else F(field).desc(nulls_first=True),
                "id" if descending else "-id",
            )
        rows = list(queryset[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if reverse:
            rows.reverse()
        self.has_next = bool(rows) and (more if not reverse else True)
        self.has_previous = bool(rows) and (bool(cursor) if not reverse else more)
        self.rows = rows
        return rows

    def _link(self, row: Any, reverse: bool) -> str:
        url = self.request.build_absolute_uri()
        cursor = self.encode_cursor(ordering=self.ordering, row=row, reverse=reverse)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        return self._link(self.rows[-1], reverse=False) if self.has_next else None

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        return self._link(self.rows[0], reverse=True)

    def get_paginated_response(self, data) -> Response:
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_first_link(self) -> str:
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The cursor of a next or previous link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
