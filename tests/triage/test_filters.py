"""The triage and document pages' filters: each one, combined with search, kept in the URL,
sorting, and a page's query count that does not grow with the number of claims."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Speaker
from claims.speakers import refresh_keys
from tests.factories import ClaimFactory, DocumentFactory


def speaker(name: str) -> Speaker:
    item = Speaker(name=name)
    refresh_keys(item)
    item.save()
    return item


def shown(client, url: str, params: dict | None = None) -> list[str]:
    """The claim texts the page lists, in order."""
    response = client.get(url, params or {})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'class="claim-link">([^<]*)</a>', html)


@pytest.fixture
def claims(db, editor, researcher):
    joe = speaker("Joe Biden")
    by_joe = {"speaker_ref": joe, "speaker_resolved": "Joe Biden"}
    old = DocumentFactory(published_at=timezone.make_aware(datetime(2024, 5, 1)))
    new = DocumentFactory(published_at=timezone.make_aware(datetime(2026, 3, 1)))
    rows = [  # name, document, text, score, type, start, other fields
        ("a", old, "Alpha: inflation doubled.", 0.9, "quantity", 0, by_joe),
        (
            "b",
            old,
            "Bravo: crime rose.",
            0.5,
            "comparison",
            10,
            {"speaker": "he", "assignee": researcher},
        ),
        ("c", new, "Charlie: taxes will fall.", 0.2, "prediction", 0, by_joe),
        (
            "d",
            new,
            "Delta: jobs doubled.",
            0.8,
            "quantity",
            10,
            {"status": "selected", "assignee": editor},
        ),
    ]
    made = {
        name: ClaimFactory(
            document=document,
            text=text,
            score=score,
            claim_type=kind,
            start=start,
            end=start + 5,
            **fields,
        )
        for name, document, text, score, kind, start, fields in rows
    }
    return {**made, "joe": joe, "old": old, "new": new}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["Alpha", "Bravo", "Charlie"]),  # the triage queue: new claims, by score
        ({"status": ""}, ["Alpha", "Delta", "Bravo", "Charlie"]),
        ({"status": "selected"}, ["Delta"]),
        ({"claim_type": "quantity", "status": ""}, ["Alpha", "Delta"]),
        ({"speaker": "Joe Biden"}, ["Alpha", "Charlie"]),
        ({"speaker": "Joe Biden", "claim_type": "prediction"}, ["Charlie"]),
        ({"speaker": "he"}, ["Bravo"]),  # not a Speaker: the written speaker contains it
        ({"score": "high", "status": ""}, ["Alpha", "Delta"]),
        ({"score": "medium"}, ["Bravo"]),
        ({"score": "low"}, ["Charlie"]),
        ({"assignee": "none", "status": ""}, ["Alpha", "Charlie"]),
        ({"assignee": "me", "status": ""}, ["Delta"]),  # the editor is logged in
        ({"date_from": "2026-01-01", "status": ""}, ["Delta", "Charlie"]),
        ({"date_to": "2025-12-31"}, ["Alpha", "Bravo"]),
        ({"q": "doubled", "status": ""}, ["Alpha", "Delta"]),
        ({"q": "doubled", "score": "high", "claim_type": "quantity", "status": "new"}, ["Alpha"]),
        ({"sort": "date", "status": ""}, ["Delta", "Charlie", "Bravo", "Alpha"]),
        ({"sort": "document", "status": ""}, ["Alpha", "Bravo", "Charlie", "Delta"]),
    ],
)
def test_triage_filters(client, editor, claims, params, expected):
    client.force_login(editor)
    texts = shown(client, "/triage/", params)
    assert [t.split(":")[0] for t in texts] == expected


def test_document_filter_by_number_or_title_and_document_page_filters(client, editor, claims):
    client.force_login(editor)
    texts = shown(client, "/triage/", {"document": claims["new"].pk, "status": ""})
    assert [t.split(":")[0] for t in texts] == ["Delta", "Charlie"]
    claims["old"].title = "Budget debate in Parliament"
    claims["old"].save(update_fields=["title"])
    texts = shown(client, "/triage/", {"document": " budget DEBATE ", "status": ""})
    assert [t.split(":")[0] for t in texts] == ["Alpha", "Bravo"]
    assert shown(client, "/triage/", {"document": "no such title", "status": ""}) == []
    # The document page lists its own claims, in document order unless asked otherwise.
    url = claims["old"].get_absolute_url()
    assert [t.split(":")[0] for t in shown(client, url)] == ["Alpha", "Bravo"]
    assert [t.split(":")[0] for t in shown(client, url, {"score": "medium"})] == ["Bravo"]
    assert [t.split(":")[0] for t in shown(client, url, {"sort": "score"})] == ["Alpha", "Bravo"]
    bad = client.get(url, {"date_to": "yesterday"})
    assert bad.status_code == 400 and "Enter a valid date." in bad.content.decode()


@pytest.mark.parametrize(
    "params, message, count",
    [
        ({"document": "99999999999999999999"}, "There is no document", 3),
        ({"document": "424242"}, "There is no document", 3),
        ({"date_from": "2026-13-45"}, "Enter a valid date.", 3),
        # The start date still filters: only the end date is refused.
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "before the start", 1),
        ({"assignee": "99999"}, "Select a valid choice.", 3),
        ({"sort": "random"}, "Select a valid choice.", 3),
    ],
)
def test_a_bad_filter_is_a_400_shown_on_its_field_that_filters_nothing(
    client, editor, claims, params, message, count
):
    client.force_login(editor)
    response = client.get("/triage/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert len(re.findall('class="claim-link"', html)) == count


def test_filter_state_is_in_the_url_and_kept_by_the_pages(client, editor, claims):
    for i in range(60):
        ClaimFactory(document=claims["old"], start=100 + i * 10, end=105 + i * 10, score=0.95)
    client.force_login(editor)
    html = client.get("/triage/", {"score": "high", "claim_type": "quantity"}).content.decode()
    # The form shows what the URL says, and the next page keeps the filters.
    assert '<option value="high" selected>' in html
    assert '<option value="quantity" selected>' in html
    assert 'href="?score=high&amp;claim_type=quantity&amp;page=2"' in html
    page2 = client.get("/triage/", {"score": "high", "claim_type": "quantity", "page": 2})
    assert len(re.findall('class="claim-link"', page2.content.decode())) == 11
    # A bulk action keeps them too: the form posts to the filtered URL, which it goes back to.
    assert 'action="/triage/?score=high&amp;claim_type=quantity"' in html


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_triage_of_200_claims_pages_in_a_fixed_number_of_queries(client, editor, claims):
    client.force_login(editor)
    url = "/triage/?status=&speaker=Joe+Biden&score=high&q=doubled&sort=date&assignee=none"
    few = _queries(client, url)
    doc_url = claims["old"].get_absolute_url() + "?score=high"
    few_doc = _queries(client, doc_url)
    for i in range(200):
        ClaimFactory(
            document=claims["old"],
            start=100 + i * 10,
            end=105 + i * 10,
            text=f"Claim {i} doubled.",
            speaker_ref=claims["joe"],
            speaker_resolved="Joe Biden",
            created_at=timezone.now() - timedelta(minutes=i),
        )
    assert _queries(client, url) == few <= 10
    assert _queries(client, "/triage/") <= few
    assert _queries(client, doc_url) == few_doc


def test_pronoun_speakers_are_never_shown_as_names(client, editor, claims):
    ClaimFactory(document=claims["new"], text="Echo: wages fell.", speaker="They", start=30, end=35)
    client.force_login(editor)
    for url in ["/triage/", claims["new"].get_absolute_url(), claims["old"].get_absolute_url()]:
        html = client.get(url).content.decode()
        assert not re.search(r'class="speaker">\s*(he|They)\b', html), url
        assert 'class="speaker muted">Speaker unknown' in html
    assert 'class="speaker"><a href="/speakers/' in html  # Joe Biden, a Speaker, is linked
    assert claims["b"].speaker_name == ""
