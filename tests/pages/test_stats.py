"""The statistics page: who sees what, the charts and tables, bad input, query count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimEvent, Speaker
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_claims(researcher):
    now = timezone.now()
    mine = ClaimFactory(status="researching", assignee=researcher, created_at=now - timedelta(1))
    other = ClaimFactory(created_at=now - timedelta(2))
    for claim in (mine, other):
        ClaimEvent.objects.create(
            claim=claim, action="transition", from_status="new", to_status="selected"
        )
    return mine, other


def test_editor_sees_the_newsroom_with_charts_and_tables(as_user, editor, some_claims):
    response = as_user(editor).get("/stats/?days=7")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="plot"') == 2 and "Claims found per day" in html
    assert response.context["stats"]["totals"]["found"] == 2
    assert "<table" in html and "Time from extraction" in html


def test_researcher_sees_only_their_own_claims(as_user, researcher, some_claims):
    response = as_user(researcher).get("/stats/")
    assert response.status_code == 200
    assert response.context["own_only"] is True
    assert response.context["stats"]["totals"]["found"] == 1


def test_outsiders_and_anonymous_users_are_kept_out(client, as_user, outsider):
    assert client.get("/stats/").status_code == 302
    assert as_user(outsider).get("/stats/").status_code == 403


@pytest.mark.parametrize(
    "query, field",
    [
        ("days=12", "days"),
        ("start=2026-11-10", "end"),
        ("start=2026-11-10&end=2026-11-01", "end"),
        ("start=2020-01-01&end=2026-01-01", "end"),
        ("speaker=abc", "speaker"),
    ],
)
def test_bad_input_answers_400_naming_the_field(as_user, editor, query, field):
    response = as_user(editor).get(f"/stats/?{query}")
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_a_from_to_period(as_user, editor, some_claims):
    today = timezone.localdate()
    start = (today - timedelta(days=3)).isoformat()
    response = as_user(editor).get(f"/stats/?start={start}&end={today.isoformat()}")
    assert response.status_code == 200
    assert response.context["stats"]["period"]["days"] == 4


def test_the_page_query_count_does_not_grow_with_the_data(
    as_user, editor, some_claims, django_assert_max_num_queries
):
    client = as_user(editor)
    client.get("/stats/")  # warm: the session, the user
    with django_assert_max_num_queries(14) as first:
        client.get("/stats/")
    ClaimFactory.create_batch(15, status="selected")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/stats/")


def test_one_speaker_by_number_or_name(as_user, editor):
    biden = Speaker.objects.create(name="Joe Biden", name_key="joe biden", match_keys="|joe biden|")
    ClaimFactory(speaker_ref=biden, speaker_resolved="Joe Biden")
    ClaimFactory()
    client = as_user(editor)
    for wanted in (str(biden.pk), "Joe Biden"):
        response = client.get("/stats/", {"speaker": wanted})
        assert response.status_code == 200
        assert response.context["stats"]["totals"]["found"] == 1
    assert client.get("/stats/", {"speaker": "Nobody Atall"}).status_code == 400
