"""similar_claims / similar_to_text over stored vectors, kept fresh by the id watermark."""

from __future__ import annotations

import pytest

from claims import search
from claims.vectors import vectors_for_claims
from tests.factories import ClaimFactory, DocumentFactory
from tests.matching.conftest import EARLIER, REWORDED, UNRELATED, review

pytestmark = pytest.mark.django_db


def test_a_reworded_claim_finds_the_earlier_fact_check(archive):
    earlier, _ = archive(EARLIER, UNRELATED)
    claim = ClaimFactory(text=REWORDED)
    vectors_for_claims([claim.pk])
    matches = search.similar_claims(claim, limit=5)
    assert matches[0].object == earlier and matches[0].source == "external"
    assert matches[0].level == "probable"
    assert matches[0].verdict == "True" and matches[0].publisher == "Example Checks"
    assert {"year:1969", "year:2019", "number:3.9"} <= set(matches[0].why["shared"])
    assert all(m.level == "" for m in matches[1:])


def test_a_claim_with_a_changed_number_is_related_not_probable(archive):
    archive(EARLIER)
    claim = ClaimFactory(text=REWORDED.replace("3.9", "4.7"))
    match = search.similar_claims(claim, limit=1)[0]
    assert match.level == "related"
    assert match.why["differs"] == ["number"]
    assert match.why["numbers"] == {"query": ["4.7"], "match": ["3.9"]}


def test_own_claims_match_but_not_itself_its_document_or_its_duplicates(archive):
    document = DocumentFactory()
    claim = ClaimFactory(document=document, text=REWORDED)
    sibling = ClaimFactory(document=document, text=REWORDED + " Again.")
    elsewhere = ClaimFactory(text=REWORDED.replace("rate", "level"))
    marked = ClaimFactory(text=REWORDED, duplicate_of=claim)
    vectors_for_claims([claim.pk, sibling.pk, elsewhere.pk, marked.pk])
    found = [m.object for m in search.similar_claims(claim, limit=10)]
    assert found == [elsewhere]


def test_new_vectors_join_the_index_without_a_rebuild(archive):
    archive(UNRELATED)
    assert all(m.level == "" for m in search.similar_to_text(REWORDED, limit=5))
    state = next(iter(search._STATES.values()))
    index, watermark = state.index, state.watermark
    archive(EARLIER)
    top = search.similar_to_text(REWORDED, limit=1)[0]
    assert top.object.url == EARLIER["url"]
    assert state.index is index and len(index) == 2 and state.watermark > watermark


def test_similar_to_text_ranks_both_archives_and_takes_odd_input(archive):
    archive(EARLIER, review(url="https://factcheck.example.org/other", claimReviewed="Taxes rose."))
    own = ClaimFactory(text="Unemployment fell to 3.9 percent in 2019 says the mayor.")
    vectors_for_claims([own.pk])
    sources = {m.source for m in search.similar_to_text(REWORDED, limit=5) if m.level}
    assert sources == {"claim", "external"}
    for text in ["", "   ", "@handle https://t.co/x #tag", "' OR 1=1; --", "ü" * 5000, "\x00"]:
        assert isinstance(search.similar_to_text(text, limit=3), list)
    assert len(search.similar_to_text("unemployment", limit=10_000)) <= search.MAX_LIMIT
