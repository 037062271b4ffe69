"""The Speaker admin: list, search, add and rename through the services, the merge action,
and the claim form's speaker field."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimEvent, Speaker
from claims.speakers import refresh_keys
from claims.workflow import Status
from tests.factories import ClaimFactory, UserFactory
from tests.test_admin import _claim_form

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/claims/speaker/"


def speaker(name, **fields):
    item = Speaker(name=name, **fields)
    refresh_keys(item)
    item.save()
    return item


def said_by(who, **fields):
    return ClaimFactory(speaker_ref=who, speaker_resolved=who.name, **fields)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_changelist_searches_aliases_and_shows_counts_in_fixed_queries(admin_client):
    joe = speaker("Joe Biden", aliases=["Joseph Biden"])
    said_by(joe)

    def get(url):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url)
        assert response.status_code == 200
        return response, len(queries)

    response, few = get(CHANGELIST)
    for i in range(30):
        said_by(speaker(f"Person Number{i}"))
    response, many = get(CHANGELIST)
    assert many == few
    found, _ = get(CHANGELIST + "?q=joseph")
    assert [s.name for s in found.context["cl"].result_list] == ["Joe Biden"]
    assert found.context["cl"].result_list[0].claim_count == 1
    assert get(reverse("admin:claims_speaker_change", args=[joe.pk]))[0].status_code == 200


def test_add_and_rename_go_through_the_services_with_history(admin_client, superuser):
    response = admin_client.post(
        reverse("admin:claims_speaker_add"),
        {"name": "Jo Biden", "kind": "person", "role": "", "party": "", "aliases": ""},
    )
    assert response.status_code == 302
    jo = Speaker.objects.get()
    assert (jo.name_key, jo.slug) == ("jo biden", "jo-biden")
    claim = said_by(jo)
    response = admin_client.post(
        reverse("admin:claims_speaker_change", args=[jo.pk]),
        {"name": "Joe Biden", "kind": "person", "role": "President", "party": "", "aliases": ""},
    )
    assert response.status_code == 302
    jo.refresh_from_db()
    assert (jo.name, jo.role, jo.aliases) == ("Joe Biden", "President", ["Jo Biden"])
    event = ClaimEvent.objects.get(claim=claim, action="speaker")
    assert event.actor == superuser and event.data["change"] == "rename"


def test_a_taken_name_is_a_form_error_not_a_crash(admin_client):
    speaker("Joe Biden")
    jo = speaker("Jo Biden")
    response = admin_client.post(
        reverse("admin:claims_speaker_change", args=[jo.pk]),
        {"name": "Joe Biden", "kind": "person", "role": "", "party": "", "aliases": ""},
    )
    assert response.status_code == 200
    assert "merge the two speakers instead" in response.content.decode()
    assert Speaker.objects.get(pk=jo.pk).name == "Jo Biden"


def test_merge_action_asks_who_stays_then_merges_with_history(admin_client, superuser):
    joe, jo, joseph = speaker("Joe Biden"), speaker("Jo Biden"), speaker("Joseph Biden")
    claims = [said_by(jo), said_by(joseph)]
    ids = [joe.pk, jo.pk, joseph.pk]
    form = {"action": "merge_speakers", ACTION_CHECKBOX_NAME: ids}
    page = admin_client.post(CHANGELIST, form)
    assert page.status_code == 200 and b"Choose the one who stays" in page.content
    response = admin_client.post(CHANGELIST, {**form, "apply": "1", "target": joe.pk}, follow=True)
    assert response.status_code == 200
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Joe Biden"]
    joe.refresh_from_db()
    assert sorted(joe.aliases) == ["Jo Biden", "Joseph Biden"]
    for claim in claims:
        claim.refresh_from_db()
        assert claim.speaker_ref == joe
        event = claim.events.get(action="speaker")
        assert event.actor == superuser and event.data["change"] == "merge"


def test_researcher_staff_cannot_merge_in_the_admin(client):
    staff = UserFactory(username="rae", role="researcher", is_staff=True)
    joe, jo = speaker("Joe Biden"), speaker("Jo Biden")
    client.force_login(staff)
    assert client.get(CHANGELIST).status_code == 200  # researchers may look
    form = {"action": "merge_speakers", ACTION_CHECKBOX_NAME: [joe.pk, jo.pk]}
    response = client.post(CHANGELIST, {**form, "apply": "1", "target": joe.pk})
    assert Speaker.objects.count() == 2
    assert response.status_code in (200, 302)


def test_claim_form_sets_the_speaker_through_the_service(admin_client, superuser):
    joe = speaker("Joe Biden")
    claim = ClaimFactory(status=Status.SELECTED)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = admin_client.post(url, _claim_form(claim, speaker_ref=joe.pk), follow=True)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.speaker_ref, claim.speaker_resolved) == (joe, "Joe Biden")
    assert claim.events.get(action="speaker").actor == superuser
