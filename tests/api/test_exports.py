"""Exports: the claim list as CSV / JSON lines with the list's filters, streamed; formula
injection neutralised; a claim's history as CSV."""

import csv
import io
import json

import pytest

from claims.exports import csv_cell
from claims.models import ClaimEvent
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.streaming  # a StreamingHttpResponse, not a file built in memory
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Unemployment fell", "Unemployment fell"),
        (-3, -3),
        (0.5, 0.5),
        (None, ""),
    ],
)
def test_csv_cells_cannot_start_a_formula(value, cell):
    assert csv_cell(value) == cell


def test_csv_export_applies_the_list_filters_and_escapes(api):
    ClaimFactory(text="=1+1 is a formula", speaker="@joe", score=0.9)
    ClaimFactory(text="Selected one", status="selected", score=0.8)
    ClaimFactory(text="-10 percent", score=0.2)
    response = api("researcher").get("/api/v1/claims/export/?format=csv&status=new")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [r["text"] for r in rows] == ["'=1+1 is a formula", "'-10 percent"]  # by score
    assert rows[0]["speaker"] == "'@joe" and rows[0]["status"] == "new"
    assert rows[0]["document_publisher"] == "The Daily Example"


def test_jsonl_export_keeps_values_and_takes_ordering(api):
    ClaimFactory(text="=low", score=0.1)
    ClaimFactory(text="high", score=0.9)
    response = api("editor").get("/api/v1/claims/export/?format=jsonl&ordering=score")
    assert response["Content-Type"] == "application/x-ndjson"
    records = [json.loads(line) for line in body(response).splitlines()]
    assert [r["text"] for r in records] == ["=low", "high"]
    assert records[0]["score"] == 0.1 and "created_at" in records[0]


def test_an_empty_export_is_the_header_only(api):
    response = api("editor").get("/api/v1/claims/export/?status=published")
    assert body(response).strip() == (
        "id,text,status,claim_type,score,speaker,speaker_resolved,speaker_id,document_id,"
        "document_title,document_publisher,document_url,assignee,priority,due_at,rating,"
        "verdict_summary,published_at,created_at"
    )


@pytest.mark.parametrize(
    "query, field",
    [("format=xlsx", "format"), ("status=nope", "status"), ("ordering=text", "ordering")],
)
def test_bad_parameters_answer_400_as_json(api, query, field):
    response = api("editor").get(f"/api/v1/claims/export/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json" and field in response.json()


def test_exports_are_for_the_team(api):
    assert api("anonymous").get("/api/v1/claims/export/").status_code == 401
    assert api("outsider").get("/api/v1/claims/export/").status_code == 403


def test_export_query_count_is_fixed(api, django_assert_max_num_queries):
    client = api("editor")
    ClaimFactory.create_batch(3)
    with django_assert_max_num_queries(3) as few:
        body(client.get("/api/v1/claims/export/"))
    ClaimFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body(client.get("/api/v1/claims/export/"))


def test_history_export(api, editor):
    claim = ClaimFactory()
    ClaimEvent.objects.create(
        claim=claim, actor=editor, action="comment", note="=cmd|' /C calc'!A0", data={"a": 1}
    )
    response = api("researcher").get(f"/api/v1/claims/{claim.pk}/history/export/")
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert rows == [
        {
            "created_at": rows[0]["created_at"],
            "actor": "eddie",
            "action": "comment",
            "from_status": "",
            "to_status": "",
            "note": "'=cmd|' /C calc'!A0",
            "data": '{"a": 1}',
        }
    ]
    assert api("researcher").get("/api/v1/claims/999999/history/export/").status_code == 404


def test_in_the_schema_with_the_list_filters(api):
    paths = api("anonymous").get("/api/schema/?format=json").json()["paths"]
    params = {p["name"] for p in paths["/api/v1/claims/export/"]["get"]["parameters"]}
    assert {"format", "status", "speaker", "q", "score_min"} <= params
    assert "/api/v1/claims/{id}/history/export/" in paths
