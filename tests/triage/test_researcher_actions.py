"""A researcher sees only the actions they may take, and the rules refuse the rest."""

import pytest

from claims import workflow
from claims.services import claims as claim_services
from tests.factories import ClaimFactory


def page(client, user, claim) -> str:
    client.force_login(user)
    return client.get(claim.get_absolute_url()).content.decode()


def test_no_assign_box_for_a_researcher_on_a_claim_in_review(client, researcher, researcher2):
    claim = ClaimFactory(status="in_review", assignee=researcher2, submitted_by=researcher2)
    html = page(client, researcher, claim)
    assert 'id="assign"' not in html and "Assign to me" not in html
    assert 'id="duplicate"' in html  # still allowed on a claim in review
    refusal = workflow.assign_refusal(claim, researcher, researcher)
    assert refusal is not None and refusal.code == "forbidden"
    with pytest.raises(workflow.WorkflowError):
        claim_services.claim_assign(claim=claim, assignee=researcher, actor=researcher)


def test_a_researcher_holding_a_claim_in_review_cannot_reassign_it(client, researcher, editor):
    claim = ClaimFactory(status="in_review", assignee=researcher)
    assert 'id="assign"' not in page(client, researcher, claim)
    response = client.post(f"/claims/{claim.pk}/assign/", {"version": claim.version, "me": "1"})
    assert response.status_code == 403
    assert (
        "Only an editor may assign a claim once it is sent to review." in response.content.decode()
    )
    # An editor still can.
    assert 'id="assign"' in page(client, editor, claim)


def test_a_researcher_is_offered_only_to_take_an_unassigned_claim(client, researcher, editor):
    claim = ClaimFactory(status="selected")
    html = page(client, researcher, claim)
    assert "Assign to me" in html and 'name="assignee"' not in html
    # An editor chooses anyone.
    assert 'name="assignee"' in page(client, editor, claim)


def test_a_researcher_holding_a_claim_may_pass_it_on(client, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    assert 'name="assignee"' in page(client, researcher, claim)


def test_no_duplicate_form_on_an_approved_claim(client, editor):
    claim = ClaimFactory(status="approved")
    assert 'id="duplicate"' not in page(client, editor, claim)
