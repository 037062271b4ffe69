"""One table per resource drives the columns read, the JSON written and the schema: a field
added to a table is in all three, and the API's answers have exactly the schema's keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from drf_spectacular.generators import SchemaGenerator

from claims.api import resources as r
from claims.api.shapes import Field, Int, Nested, Text, When, columns, renderer, serializer
from tests.factories import ClaimFactory, DocumentFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def test_one_line_adds_a_field_to_the_columns_the_json_and_the_schema():
    table = (*r.EVIDENCE, Field("claim_id", Int(), source="claim_id"))
    assert "claim_id" in columns(table)
    row = {column: None for column in columns(table)} | {"claim_id": 7, "added_by__id": None}
    assert renderer(table)(row)["claim_id"] == 7
    assert "claim_id" in serializer("EvidenceWithClaim", table).fields


def test_dates_nested_and_nullable_objects():
    table = (
        Field("at", When()),
        Nested("who", r.USER_REF, prefix="who__", name="UserRef", nullable=True),
        Nested("doc", (Field("id", Int()), Field("title", Text())), prefix="d__", name="D"),
    )
    assert columns(table) == ["at", "who__id", "who__username", "d__id", "d__title"]
    render = renderer(table)
    row = {"at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "who__id": None, "who__username": None}
    answer = render(row | {"d__id": 1, "d__title": "T"})
    assert answer == {"at": "2026-01-02T03:04:05Z", "who": None, "doc": {"id": 1, "title": "T"}}
    assert render(row | {"who__id": 2, "who__username": "ann", "d__id": 1, "d__title": ""})[
        "who"
    ] == {"id": 2, "username": "ann"}


def _schema_keys(name: str) -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return set(schema["components"]["schemas"][name]["properties"])


def test_answers_have_the_keys_the_schema_documents(api, researcher):
    document = DocumentFactory()
    claim = ClaimFactory(document=document, researching=True, assignee=researcher)
    EvidenceFactory(claim=claim)
    client = api("researcher")
    detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
    listed = client.get("/api/v1/claims/").json()["results"][0]
    doc = client.get(f"/api/v1/documents/{document.pk}/").json()
    assert set(detail) == _schema_keys("ClaimDetail")
    assert set(detail["evidence"][0]) == _schema_keys("Evidence")
    assert set(listed) == _schema_keys("ClaimList")
    assert set(doc) == _schema_keys("DocumentDetail")
    assert set(doc["claims"][0]) == set(listed)
