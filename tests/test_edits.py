"""Correcting what extraction got wrong (issue 12, section 1): the services."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim, ClaimEvent, EventAction
from claims.services import documents as document_services
from claims.services import edits
from claims.workflow import Status, WorkflowError
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db

TEXT = 'Ms Hewitt said: "We have already doubled maternity pay." Then she left. Prices rose 5%.'


@pytest.fixture
def document():
    return DocumentFactory(text=TEXT, title="Speech", url="https://news.example.org/a")


def test_the_wording_is_edited_and_the_span_kept_with_old_and_new_in_history(researcher):
    claim = ClaimFactory(status=Status.SELECTED, text='Ms Hewitt said: "We have doubled it."')
    claim = edits.claim_set_wording(
        claim=claim,
        claim_text="Britain has   already doubled maternity pay",
        actor=researcher,
        expected_version=claim.version,
    )
    assert claim.wording == "Britain has already doubled maternity pay"
    assert claim.text == 'Ms Hewitt said: "We have doubled it."'
    event = claim.events.get(action=EventAction.UPDATED)
    assert event.data == {
        "claim_text": [
            'Ms Hewitt said: "We have doubled it."',
            "Britain has already doubled maternity pay",
        ]
    }


@pytest.mark.parametrize("wording", ["", "   ", "x" * 10_000])
def test_an_empty_or_huge_wording_is_refused_naming_the_field(wording, researcher):
    claim = ClaimFactory(status=Status.SELECTED)
    with pytest.raises(ValidationError) as error:
        edits.claim_set_wording(claim=claim, claim_text=wording, actor=researcher)
    assert "claim_text" in error.value.message_dict
    claim.refresh_from_db()
    assert claim.claim_text == "" and not claim.events.exists()


def test_the_wording_of_a_claim_in_review_is_not_changed(researcher):
    claim = ClaimFactory(in_review=True)
    with pytest.raises(WorkflowError) as error:
        edits.claim_set_wording(claim=claim, claim_text="Other words", actor=researcher)
    assert error.value.field == "claim_text"


def test_a_missed_claim_is_added_from_a_span_trimmed_of_white_space(document, researcher):
    start = TEXT.index("Prices") - 1
    claim = edits.claim_add(document=document, start=start, end=len(TEXT), actor=researcher)
    assert (claim.start, claim.end, claim.text) == (start + 1, len(TEXT), "Prices rose 5%.")
    assert claim.status == Status.NEW
    event = claim.events.get()
    assert event.action == EventAction.ADDED and event.actor == researcher


def test_a_missed_claim_is_found_by_its_text(document, editor):
    claim = edits.claim_add(document=document, text="Then  she left.", actor=editor)
    assert claim.text == "Then she left." and claim.start == TEXT.index("Then")


def test_a_pasted_sentence_is_found_across_the_documents_line_breaks(editor):
    document = DocumentFactory(text="Intro.\n\nPrices rose\nby 5% in 2025.\n\nEnd.")
    claim = edits.claim_add(document=document, text="Prices rose by 5% in 2025.", actor=editor)
    assert claim.text == "Prices rose\nby 5% in 2025."


def test_an_overlapping_claim_is_refused_naming_the_claim(document, researcher):
    first = edits.claim_add(document=document, text="Then she left.", actor=researcher)
    with pytest.raises(ValidationError) as error:
        edits.claim_add(document=document, text="she left. Prices", actor=researcher)
    assert f"claim {first.pk}" in error.value.message_dict["text"][0]
    assert Claim.objects.filter(document=document).count() == 1


@pytest.mark.parametrize(
    ("span", "field"),
    [
        ({"start": 0, "end": len(TEXT) + 1}, "end"),
        ({"start": -1, "end": 5}, "start"),
        ({"start": 10, "end": 10}, "end"),
        ({"start": "a", "end": 5}, "start"),
        ({"text": "not in the document"}, "text"),
    ],
)
def test_a_span_outside_the_document_is_refused_and_nothing_saved(
    document, researcher, span, field
):
    with pytest.raises(ValidationError) as error:
        edits.claim_add(document=document, actor=researcher, **span)
    assert field in error.value.message_dict
    assert not Claim.objects.exists()


def test_an_outsider_cannot_add_a_claim(document, outsider):
    with pytest.raises(WorkflowError):
        edits.claim_add(document=document, text="Then she left.", actor=outsider)


def test_document_details_are_edited_with_old_and_new_on_each_claims_history(document, editor):
    claims = [ClaimFactory(document=document, start=0, end=5), ClaimFactory(document=document)]
    document = document_services.document_update(
        document=document,
        actor=editor,
        changes={
            "title": "Budget speech",
            "published_at": "2026-03-01T23:30:00",
            "published_tz": "Europe/London",
            "author": "Patricia Hewitt",
        },
    )
    assert document.published_at == datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert document.published_local.isoformat() == "2026-03-01T23:30:00+00:00"
    for claim in claims:
        event = claim.events.get(action=EventAction.UPDATED)
        assert event.actor == editor
        assert event.data["document_title"] == ["Speech", "Budget speech"]
        assert event.data["document_published_at"] == [None, "2026-03-01T23:30:00+00:00"]
        assert event.data["document_published_tz"] == ["", "Europe/London"]


def test_a_date_with_an_offset_keeps_its_offset_in_and_out(document, editor):
    document = document_services.document_update(
        document=document, actor=editor, changes={"published_at": "2026-03-01T00:30:00+05:30"}
    )
    assert document.published_tz == "+05:30"
    assert document.published_local.isoformat() == "2026-03-01T00:30:00+05:30"
    assert document.published_at == datetime(2026, 2, 28, 19, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"published_at": "01/03/2026 9am"}, "published_at"),
        ({"published_at": "2026-02-30"}, "published_at"),
        ({"published_tz": "Mars/Olympus_Mons"}, "published_tz"),
        ({"published_at": "2026-03-01T09:00", "published_tz": "Europe/Londn"}, "published_tz"),
        ({"url": "ftp://example.org/x"}, "url"),
        ({"kind": "novel"}, "kind"),
        ({"title": "x" * 301}, "title"),
        ({"text": "new text"}, "text"),
    ],
)
def test_bad_document_details_are_refused_naming_the_field_and_nothing_saved(
    document, editor, changes, field
):
    ClaimFactory(document=document)
    with pytest.raises(ValidationError) as error:
        document_services.document_update(document=document, actor=editor, changes=changes)
    assert field in error.value.message_dict
    document.refresh_from_db()
    assert (document.title, document.published_at, document.published_tz) == ("Speech", None, "")
    assert not ClaimEvent.objects.filter(action=EventAction.UPDATED).exists()


def test_a_url_another_document_has_is_refused(document, editor):
    other = DocumentFactory(url="https://news.example.org/b")
    with pytest.raises(ValidationError) as error:
        document_services.document_update(
            document=document, actor=editor, changes={"url": other.url}
        )
    assert "url" in error.value.message_dict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_claims_added_at_once_one_is_refused():
    import threading

    from django.db import connection

    from tests.factories import UserFactory

    users = [UserFactory(username=f"adder{i}", role="researcher") for i in range(2)]
    for attempt in range(5):  # several rounds, so a lucky ordering cannot hide a race
        document = DocumentFactory(text=TEXT + f" Round {attempt}.")
        barrier = threading.Barrier(2, timeout=10)
        outcomes: list[str] = []

        def add(user, text, document=document, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait()
                edits.claim_add(document=document, text=text, actor=user)
                outcomes.append("added")
            except ValidationError as error:
                outcomes.append(" ".join(error.messages))
            finally:
                connection.close()

        threads = [
            threading.Thread(target=add, args=(users[0], "Then she left.")),
            threading.Thread(target=add, args=(users[1], "she left. Prices rose")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert outcomes.count("added") == 1, outcomes
        assert any("overlaps claim" in outcome for outcome in outcomes), outcomes
        assert Claim.objects.filter(document=document).count() == 1


def test_a_document_is_ingested_with_its_date_and_offset_as_given():
    document, _ = document_services.document_ingest(
        text="Prices rose by 5% in 2025.", published_at="2026-03-04T21:30:00-05:00"
    )
    assert document.published_tz == "-05:00"
    assert document.published_local.isoformat() == "2026-03-04T21:30:00-05:00"
    with pytest.raises(ValidationError) as error:
        document_services.document_ingest(text="Other text.", published_at="4 March")
    assert "published_at" in error.value.message_dict
