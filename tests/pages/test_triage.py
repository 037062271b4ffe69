"""Bulk actions on the triage queue: each claim through the service, refusals reported."""

import re

from claims.models import Claim
from tests.factories import ClaimFactory


def test_bulk_select(client, researcher):
    claims = [ClaimFactory(status="new") for _ in range(3)]
    client.force_login(researcher)
    response = client.post(
        "/triage/", {"claims": [c.pk for c in claims[:2]], "action": "select"}, follow=True
    )
    assert response.status_code == 200
    assert b"2 claims selected." in response.content
    assert list(Claim.objects.order_by("id").values_list("status", flat=True)) == [
        "selected",
        "selected",
        "new",
    ]


def test_bulk_dismiss_without_a_note_reports_every_refusal_and_keeps_the_ticks(client, researcher):
    claims = [ClaimFactory(status="new") for _ in range(2)]
    client.force_login(researcher)
    response = client.post("/triage/", {"claims": [c.pk for c in claims], "action": "dismiss"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 done, 2 refused" in html
    assert html.count("A note is required: say why it is dismissed.") == 2
    for claim in claims:
        tick = re.search(rf'<input type="checkbox" name="claims" value="{claim.pk}"[^>]*>', html)
        assert tick and tick.group(0).endswith(" checked>")
    assert not Claim.objects.filter(status="dismissed").exists()


def test_bulk_dismiss_with_a_note_and_mixed_statuses(client, editor):
    new = ClaimFactory(status="new")
    selected = ClaimFactory(status="selected")
    client.force_login(editor)
    response = client.post(
        "/triage/",
        {
            "claims": [new.pk, selected.pk, 999999],
            "action": "dismiss",
            "note": "Opinion, not checkable.",
        },
    )
    html = response.content.decode()
    assert "1 done, 2 refused" in html
    assert "A selected claim cannot move to dismissed." in html
    assert "No such claim." in html
    new.refresh_from_db()
    assert new.status == "dismissed"
    assert new.events.get(action="transition").note == "Opinion, not checkable."


def test_bulk_assign_to_me_and_to_someone(client, editor, researcher, researcher2):
    claims = [ClaimFactory(status="new") for _ in range(2)]
    client.force_login(editor)
    client.post("/triage/", {"claims": [claims[0].pk], "action": "assign"})
    client.post(
        "/triage/", {"claims": [claims[1].pk], "action": "assign", "assignee": researcher2.pk}
    )
    assert [c.assignee for c in Claim.objects.order_by("id")] == [editor, researcher2]
    # A researcher may not hand someone an unassigned claim.
    other = ClaimFactory(status="new")
    client.force_login(researcher)
    html = client.post(
        "/triage/", {"claims": [other.pk], "action": "assign", "assignee": researcher2.pk}
    ).content.decode()
    assert "Researchers may assign an unassigned claim only to themselves." in html


def test_bulk_bad_input_is_a_form_error(client, researcher):
    client.force_login(researcher)
    for data in [
        {"action": "select"},
        {"claims": ["x"], "action": "select"},
        {"claims": [1], "action": "explode"},
    ]:
        response = client.post("/triage/", data)
        assert response.status_code == 400


def test_triage_queue_is_sorted_by_score(client, researcher):
    low = ClaimFactory(status="new", score=0.3, text="Low scorer.")
    high = ClaimFactory(status="new", score=0.9, text="High scorer.")
    ClaimFactory(status="selected", text="Not in triage.")
    client.force_login(researcher)
    html = client.get("/triage/").content.decode()
    assert html.index("High scorer.") < html.index("Low scorer.")
    assert "Not in triage." not in html
    assert low.pk and high.pk


def test_bulk_with_an_id_no_database_can_hold_is_a_form_error(client, researcher):
    client.force_login(researcher)
    response = client.post("/triage/", {"claims": ["99999999999999999999"], "action": "select"})
    assert response.status_code == 400
    assert "Choose claims from the list." in response.content.decode()
