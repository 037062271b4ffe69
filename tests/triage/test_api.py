"""The API side of triage: bulk select-and-assign, all or nothing."""

from claims.models import Claim
from tests.factories import ClaimFactory


def bulk(client, body):
    return client.post("/api/v1/claims/bulk/", body, content_type="application/json")


def test_bulk_transition_with_an_assignee_selects_and_assigns(client, researcher):
    claims = [ClaimFactory(), ClaimFactory()]
    client.force_login(researcher)
    body = {"ids": [c.pk for c in claims], "action": "transition", "to": "selected"}
    response = bulk(client, {**body, "assignee": "me"})
    assert response.status_code == 200
    assert response.json() == {"applied": True, "done": [c.pk for c in claims], "refused": []}
    assert {(c.status, c.assignee) for c in Claim.objects.all()} == {("selected", researcher)}


def test_bulk_through_the_api_is_all_or_nothing(client, researcher, researcher2):
    fine, held = ClaimFactory(), ClaimFactory(assignee=researcher2)
    client.force_login(researcher)
    body = {"ids": [fine.pk, held.pk], "action": "transition", "to": "selected", "assignee": "me"}
    answer = bulk(client, body).json()
    assert answer["applied"] is False and answer["done"] == []
    assert [r["id"] for r in answer["refused"]] == [held.pk]
    assert set(Claim.objects.values_list("status", flat=True)) == {"new"}


def test_adding_evidence_answers_the_claims_new_version_so_the_next_change_is_not_a_409(
    client, researcher
):
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(researcher)
    added = client.post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {"url": "https://stats.example.org/table", "stance": "refutes"},
        content_type="application/json",
    )
    assert added.status_code == 201
    version = added.json()["version"]
    claim.refresh_from_db()
    assert version == claim.version == 2
    verdict = client.post(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": None, "verdict_summary": "No.", "version": version},
        content_type="application/json",
    )
    assert verdict.status_code == 200


def test_adding_a_comment_answers_the_claims_version(client, researcher):
    claim = ClaimFactory(version=3)
    client.force_login(researcher)
    added = client.post(
        f"/api/v1/claims/{claim.pk}/comments/",
        {"body": "Check the table."},
        content_type="application/json",
    )
    assert added.status_code == 201
    assert added.json()["version"] == 3 and added.json()["body"] == "Check the table."


def test_the_schema_documents_the_version_in_both_answers(client, researcher):
    client.force_login(researcher)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for name in ("EvidenceAdded", "CommentAdded"):
        assert "version" in schema["components"]["schemas"][name]["properties"]
