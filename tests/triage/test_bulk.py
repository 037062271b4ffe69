"""Bulk actions on the triage and document pages: all or nothing, every refusal named once,
and "select" with an assignee both selects and assigns."""

import re

import pytest

from claims.models import Claim, ClaimEvent, Notification
from claims.services import claims as claim_services
from claims.workflow import Status
from tests.factories import ClaimFactory, DocumentFactory


def statuses() -> list[str]:
    return list(Claim.objects.order_by("id").values_list("status", flat=True))


def test_bulk_select(client, researcher):
    claims = [ClaimFactory(status="new") for _ in range(3)]
    client.force_login(researcher)
    response = client.post(
        "/triage/", {"claims": [c.pk for c in claims[:2]], "action": "select"}, follow=True
    )
    assert response.status_code == 200
    assert b"2 claims selected." in response.content
    assert statuses() == ["selected", "selected", "new"]


def test_bulk_select_with_an_assignee_selects_and_assigns(client, editor, researcher2):
    """The bug: the page said "2 claims selected." and left them unassigned."""
    claims = [ClaimFactory(status="new") for _ in range(2)]
    client.force_login(editor)
    response = client.post(
        "/triage/",
        {"claims": [c.pk for c in claims], "action": "select", "assignee": researcher2.pk},
        follow=True,
    )
    assert f"2 claims selected and assigned to {researcher2.username}." in response.content.decode()
    for claim in Claim.objects.all():
        assert (claim.status, claim.assignee) == ("selected", researcher2)
        actions = list(claim.events.order_by("id").values_list("action", flat=True))
        assert actions == ["transition", "assigned"]
    assert Notification.objects.filter(recipient=researcher2, kind="assigned").count() == 2


def test_a_researcher_selects_and_takes_claims_in_one_step(client, researcher):
    claim = ClaimFactory(status="new")
    client.force_login(researcher)
    client.post("/triage/", {"claims": [claim.pk], "action": "select", "assignee": "me"})
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("selected", researcher)


def test_bulk_is_all_or_nothing_and_names_each_refused_claim_once(client, researcher, researcher2):
    """A researcher may select claims but not hand them to someone else: one refusal
    undoes the whole action, including the selections that had gone through."""
    fine = ClaimFactory(status="new")
    taken = ClaimFactory(status="new", assignee=researcher2)
    client.force_login(researcher)
    response = client.post(
        "/triage/",
        {"claims": [fine.pk, taken.pk, 999999], "action": "select", "assignee": "me"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was changed:" in html and "2 of the 3 ticked claims were refused" in html
    assert html.count("Only an editor may reassign a claim that someone else holds.") == 1
    assert html.count("Claim 999999: No such claim.") == 1
    assert f'href="/claims/{fine.pk}/"' not in html.split('id="bulk-result"')[1].split("</ul>")[0]
    assert statuses() == ["new", "new"]
    assert not ClaimEvent.objects.exists() and not Notification.objects.exists()
    # The ticks stay, so the user can untick the refused claims and apply again.
    for claim in (fine, taken):
        tick = re.search(rf'<input type="checkbox" name="claims" value="{claim.pk}"[^>]*>', html)
        assert tick and tick.group(0).endswith(" checked>")


def test_bulk_dismiss_without_a_note_changes_nothing(client, researcher):
    claims = [ClaimFactory(status="new") for _ in range(2)]
    client.force_login(researcher)
    response = client.post("/triage/", {"claims": [c.pk for c in claims], "action": "dismiss"})
    assert response.status_code == 400
    assert response.content.decode().count("A note is required: say why it is dismissed.") == 2
    assert statuses() == ["new", "new"]


def test_bulk_dismiss_with_a_note(client, editor):
    claims = [ClaimFactory(status="new"), ClaimFactory(status="new")]
    client.force_login(editor)
    response = client.post(
        "/triage/",
        {"claims": [c.pk for c in claims], "action": "dismiss", "note": "Opinion."},
        follow=True,
    )
    assert b"2 claims dismissed." in response.content
    assert statuses() == ["dismissed", "dismissed"]
    assert {e.note for e in ClaimEvent.objects.all()} == {"Opinion."}


def test_bulk_assign_to_me_and_to_someone(client, editor, researcher, researcher2):
    claims = [ClaimFactory(status="new") for _ in range(2)]
    client.force_login(editor)
    client.post("/triage/", {"claims": [claims[0].pk], "action": "assign", "assignee": "me"})
    client.post(
        "/triage/", {"claims": [claims[1].pk], "action": "assign", "assignee": researcher2.pk}
    )
    assert [c.assignee for c in Claim.objects.order_by("id")] == [editor, researcher2]
    other = ClaimFactory(status="new")
    client.force_login(researcher)
    html = client.post(
        "/triage/", {"claims": [other.pk], "action": "assign", "assignee": researcher2.pk}
    ).content.decode()
    assert "Researchers may assign an unassigned claim only to themselves." in html


@pytest.mark.parametrize(
    "data, error",
    [
        ({"action": "select"}, "Tick at least one claim."),
        ({"claims": ["x"], "action": "select"}, "Choose claims from the list."),
        ({"claims": ["99999999999999999999"], "action": "select"}, "Choose claims from the list."),
        ({"claims": [1], "action": "explode"}, "Select a valid choice."),
        ({"claims": [1], "action": "assign"}, "Choose who gets the claims."),
        ({"claims": [1], "action": "dismiss", "assignee": "me"}, "choose Nobody"),
        ({"claims": [1], "action": "select", "assignee": "12345"}, "Select a valid choice."),
    ],
)
def test_bulk_bad_input_is_a_form_error(client, researcher, data, error):
    client.force_login(researcher)
    response = client.post("/triage/", data)
    assert response.status_code == 400
    assert error in response.content.decode()


def test_bulk_from_the_document_page_stays_on_it(client, editor, researcher):
    document = DocumentFactory()
    claims = [ClaimFactory(document=document, status="new") for _ in range(2)]
    client.force_login(editor)
    url = f"/documents/{document.pk}/?claim_type=quantity"
    response = client.post(
        url, {"claims": [c.pk for c in claims], "action": "select", "assignee": researcher.pk}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert {(c.status, c.assignee_id) for c in Claim.objects.all()} == {("selected", researcher.pk)}


def test_the_service_rolls_back_every_claim_when_one_is_refused(researcher):
    new = ClaimFactory()
    published = ClaimFactory(status=Status.PUBLISHED, published_at="2026-01-01T00:00:00Z")
    result = claim_services.claims_bulk(
        claim_ids=[new.pk, published.pk, 999999],
        actor=researcher,
        action="transition",
        to=Status.SELECTED,
        assignee=researcher,
    )
    assert not result.applied and result.done == []
    refused = dict(result.refused)
    assert set(refused) == {published.pk, 999999}
    assert "cannot move" in refused[published.pk]
    new.refresh_from_db()
    assert (new.status, new.assignee, new.version) == ("new", None, 1)
    assert result.as_dict()["applied"] is False


def test_the_dashboards_bulk_form_posts_to_triage(client, researcher):
    claim = ClaimFactory(status="new")
    client.force_login(researcher)
    assert 'action="/triage/" id="bulk-form"' in client.get("/").content.decode()
    client.post("/triage/", {"claims": [claim.pk], "action": "select"})
    claim.refresh_from_db()
    assert claim.status == "selected"


def test_the_live_area_of_a_document_sends_its_forms_to_the_page(client, researcher):
    document = DocumentFactory()
    ClaimFactory(document=document, status="new")
    client.force_login(researcher)
    html = client.get(f"/documents/{document.pk}/live/", {"score": "high"}).content.decode()
    assert f'action="/documents/{document.pk}/?score=high" id="bulk-form"' in html
    assert f'<form method="get" action="/documents/{document.pk}/"' in html
    assert "/live/" not in html.split('id="doc-claims-h"')[1]
