"""claim_edit: the admin's combined save as one service. The version is checked under the
row lock, so a change that lands after the form was loaded refuses the whole edit."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from claims.models import Claim
from claims.services import claims as claim_services
from claims.workflow import PermissionRefused, StaleVersion, Status
from tests.factories import ClaimFactory, rating


@pytest.mark.django_db
def test_edit_applies_each_change_through_its_service(editor, researcher):
    claim = ClaimFactory(status=Status.RESEARCHING)
    claim = claim_services.claim_edit(
        claim=claim,
        actor=editor,
        changes={"assignee": researcher, "priority": 4, "verdict_summary": "It was 4.1."},
        expected_version=1,
    )
    assert (claim.assignee, claim.priority, claim.verdict_summary) == (researcher, 4, "It was 4.1.")
    actions = sorted(claim.events.values_list("action", flat=True))
    assert actions == ["assigned", "updated", "verdict"]
    assert claim.version == 4


@pytest.mark.django_db
def test_edit_with_a_stale_version_changes_nothing(editor):
    claim = ClaimFactory(status=Status.RESEARCHING)
    claim_services.claim_update(claim=claim, actor=editor, priority=3)  # someone else, meanwhile
    with pytest.raises(StaleVersion) as refused:
        claim_services.claim_edit(
            claim=claim, actor=editor, changes={"verdict_summary": "Mine."}, expected_version=1
        )
    assert refused.value.current_version == 2
    claim.refresh_from_db()
    assert (claim.verdict_summary, claim.version) == ("", 2)


@pytest.mark.django_db
def test_one_refused_change_rolls_back_the_others(researcher):
    claim = ClaimFactory(status=Status.RESEARCHING, assignee=None)
    with pytest.raises(PermissionRefused):  # a researcher may not set a verdict on it
        claim_services.claim_edit(
            claim=claim,
            actor=researcher,
            changes={"priority": 4, "rating": rating("false"), "verdict_summary": "No."},
        )
    claim.refresh_from_db()
    assert (claim.priority, claim.rating, claim.version) == (2, None, 1)
    assert not claim.events.exists()


@pytest.mark.django_db
def test_a_field_the_edit_does_not_handle_is_a_validation_error(editor):
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as refused:
        claim_services.claim_edit(claim=claim, actor=editor, changes={"status": "published"})
    assert "status" in refused.value.message_dict


def _wait_for_a_blocked_lock(deadline: float = 20.0) -> None:
    """Until some transaction waits for a row lock (PostgreSQL shows it in pg_locks)."""
    ends = time.monotonic() + deadline
    with connection.cursor() as cursor:
        while time.monotonic() < ends:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            threading.Event().wait(0.01)
    raise AssertionError("claim_edit never waited for the row lock")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_change_landing_between_form_load_and_save_is_refused(editor, editor2):
    """The other change commits while the edit waits for the row: checked before the lock
    (as the admin once did), the edit would see version 1 and overwrite; under the lock it
    sees version 2 and refuses."""
    claim = ClaimFactory(status=Status.RESEARCHING)
    loaded_version = claim.version  # the admin form is loaded now
    changed, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def other_editor():
        try:
            with transaction.atomic():
                locked = Claim.objects.select_for_update().get(pk=claim.pk)
                claim_services.claim_update(claim=locked, actor=editor2, priority=4)
                changed.set()
                release.wait(30)
        finally:
            connection.close()

    def admin_save():
        try:
            claim_services.claim_edit(
                claim=claim,
                actor=editor,
                changes={"verdict_summary": "Mine."},
                expected_version=loaded_version,
            )
            outcome["result"] = "saved"
        except StaleVersion as error:
            outcome["result"] = error
        finally:
            connection.close()

    other = threading.Thread(target=other_editor)
    other.start()
    assert changed.wait(30)
    admin = threading.Thread(target=admin_save)
    admin.start()
    try:
        _wait_for_a_blocked_lock()
    finally:
        release.set()
        other.join(30)
        admin.join(30)
    assert isinstance(outcome["result"], StaleVersion), outcome
    assert outcome["result"].current_version == 2
    claim.refresh_from_db()
    assert (claim.priority, claim.verdict_summary, claim.version) == (4, "", 2)
