"""The speaker pages: list, speaker page, edit and merge forms, the claim page's speaker
correction and the triage filter."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimEvent, Speaker
from claims.speakers import refresh_keys, speaker_merge
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def speaker(name, **fields):
    item = Speaker(name=name, **fields)
    refresh_keys(item)
    item.save()
    return item


def said_by(who, **fields):
    return ClaimFactory(speaker_ref=who, speaker_resolved=who.name, **fields)


def test_anonymous_is_sent_to_log_in_and_outsider_is_refused(client, outsider):
    joe = speaker("Joe Biden")
    for url in ["/speakers/", joe.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(outsider)
    assert client.get("/speakers/").status_code == 403
    assert client.post(f"/speakers/{joe.pk}/merge/", {"target": "1"}).status_code == 403


def test_speaker_list_searches_names_and_aliases_with_counts(client, researcher):
    joe = speaker("Joe Biden", aliases=["Joseph Biden"])
    speaker("Kamala Harris")
    said_by(joe)
    ClaimFactory(published=True, speaker_ref=joe, speaker_resolved=joe.name)
    client.force_login(researcher)
    page = client.get("/speakers/?q=joseph").content.decode()
    assert "Joe Biden" in page and "Kamala Harris" not in page
    row = page[page.index("Joe Biden") :]
    assert "<td>2</td>" in row and "<td>1</td>" in row  # claims, published


def test_speaker_page_lists_claims_and_published_verdicts(client, researcher):
    joe = speaker("Joe Biden", role="President")
    said_by(joe, text="Inflation fell to 3 percent.")
    ClaimFactory(
        published=True, speaker_ref=joe, speaker_resolved=joe.name, text="Wages rose 5 percent."
    )
    said_by(speaker("Someone Else"), text="Not his claim at all.")
    client.force_login(researcher)
    response = client.get(f"/speakers/{joe.pk}/", follow=True)
    page = response.content.decode()
    assert (
        response.redirect_chain[-1][0] == joe.get_absolute_url() == f"/speakers/{joe.pk}-joe-biden/"
    )
    assert "Inflation fell" in page and "Wages rose" in page and "Not his claim" not in page
    assert "Published verdicts <small>(1)</small>" in page
    assert 'action="/speakers/' not in page  # a researcher gets no edit or merge form


def test_editor_merges_on_the_page_and_both_pages_show_the_history(client, editor):
    joe, joseph = speaker("Joe Biden"), speaker("Joseph Biden")
    claim = said_by(joseph)
    client.force_login(editor)
    response = client.post(f"/speakers/{joseph.pk}/merge/", {"target": "Joe Biden"})
    assert response.status_code == 302 and response["Location"] == joe.get_absolute_url()
    assert not Speaker.objects.filter(pk=joseph.pk).exists()
    claim.refresh_from_db()
    assert claim.speaker_ref == joe
    page = client.get(joe.get_absolute_url()).content.decode()
    assert "Merged Joseph Biden into Joe Biden" in page
    claim_page = client.get(claim.get_absolute_url()).content.decode()
    assert "Joseph Biden → Joe Biden (merge)" in claim_page


def test_merge_into_an_unknown_speaker_is_a_form_error(client, editor):
    joe = speaker("Joe Biden")
    client.force_login(editor)
    response = client.post(f"/speakers/{joe.pk}/merge/", {"target": "Nobody Known"})
    assert response.status_code == 400
    assert "No single speaker" in response.content.decode()
    response = client.post(f"/speakers/{joe.pk}/merge/", {"target": str(joe.pk)})
    assert response.status_code == 400 and "into itself" in response.content.decode()


def test_researcher_cannot_merge_or_edit_on_the_pages(client, researcher):
    joe, joseph = speaker("Joe Biden"), speaker("Joseph Biden")
    client.force_login(researcher)
    assert client.post(f"/speakers/{joseph.pk}/merge/", {"target": joe.pk}).status_code == 403
    response = client.post(f"/speakers/{joe.pk}/edit/", {"name": "X Y", "kind": "person"})
    assert response.status_code == 403
    assert Speaker.objects.count() == 2 and Speaker.objects.get(pk=joe.pk).name == "Joe Biden"


def test_editor_renames_on_the_page_with_history(client, editor):
    jo = speaker("Jo Biden")
    claim = said_by(jo)
    client.force_login(editor)
    response = client.post(
        f"/speakers/{jo.pk}/edit/",
        {"name": "Joe Biden", "kind": "person", "role": "", "party": "Democratic", "aliases": ""},
    )
    assert response.status_code == 302
    jo.refresh_from_db()
    assert (jo.name, jo.party, jo.aliases) == ("Joe Biden", "Democratic", ["Jo Biden"])
    claim.refresh_from_db()
    assert claim.speaker_resolved == "Joe Biden"
    assert "Renamed Jo Biden to Joe Biden" in client.get(jo.get_absolute_url()).content.decode()


def test_rename_errors_are_shown_on_the_edit_form(client, editor):
    speaker("Joe Biden")
    jo = speaker("Jo Biden")
    client.force_login(editor)
    response = client.post(f"/speakers/{jo.pk}/edit/", {"name": "Joe Biden", "kind": "person"})
    assert response.status_code == 400
    assert "merge the two speakers instead" in response.content.decode()


def test_researcher_corrects_the_speaker_on_the_claim_page(client, researcher):
    claim = ClaimFactory(status="selected", speaker="Mr. Smith")
    client.force_login(researcher)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Correct the speaker" in page
    response = client.post(
        f"/claims/{claim.pk}/speaker/", {"version": 1, "name": "Ann Smith", "kind": "person"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.speaker_ref.name == "Ann Smith" and claim.version == 2
    assert ClaimEvent.objects.filter(claim=claim, action="speaker", actor=researcher).exists()


def test_correcting_the_speaker_on_a_stale_version_is_a_409_that_keeps_the_input(
    client, researcher
):
    claim = ClaimFactory(status="selected", version=4)
    client.force_login(researcher)
    response = client.post(
        f"/claims/{claim.pk}/speaker/", {"version": 3, "name": "Ann Smith", "kind": "person"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed by someone else" in page and 'value="Ann Smith"' in page
    assert not Speaker.objects.exists()


def test_triage_filters_by_speaker_id_or_name(client, researcher):
    joe, kamala = speaker("Joe Biden"), speaker("Kamala Harris")
    mine = said_by(joe, text="Gas prices fell by half.")
    said_by(kamala, text="Crime rose by a third.")
    client.force_login(researcher)
    for wanted in [str(joe.pk), "Joe Biden"]:
        page = client.get("/triage/", {"speaker": wanted}).content.decode()
        assert "Gas prices fell" in page and "Crime rose" not in page
    assert f'href="/claims/{mine.pk}/"' in page
    unknown = client.get("/triage/", {"speaker": "999999"}).content.decode()
    assert "No single speaker" in unknown and "Gas prices" not in unknown


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_speaker_pages_queries_do_not_grow_with_claims_or_speakers(client, editor):
    client.force_login(editor)
    joe = speaker("Joe Biden")
    said_by(joe)
    ClaimFactory(published=True, speaker_ref=joe, speaker_resolved=joe.name, slug="a")
    url = joe.get_absolute_url()
    few_page, few_list = _queries(client, url), _queries(client, "/speakers/")
    for i in range(30):
        other = speaker(f"Person Number{i} Biden")
        said_by(joe)
        said_by(other)
        ClaimFactory(published=True, speaker_ref=joe, speaker_resolved=joe.name, slug=f"s{i}")
    joseph = speaker("Joseph Biden")
    said_by(joseph)
    speaker_merge(source=joseph, target=joe, actor=editor)
    assert _queries(client, url) == few_page <= 12
    assert _queries(client, "/speakers/") == few_list <= 7
    assert _queries(client, "/triage/?speaker=Joe+Biden") <= 9


def test_public_page_json_ld_names_an_organization_speaker(client):
    facebook = speaker("Facebook", kind="organization")
    claim = ClaimFactory(
        published=True, speaker="the company", speaker_resolved="Facebook", speaker_ref=facebook
    )
    page = client.get(claim.get_public_url()).content.decode()
    assert '"author": {"@type": "Organization", "name": "Facebook"}' in page
