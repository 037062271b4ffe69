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
