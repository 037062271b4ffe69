"""Full-text search over claims (claims.search.search_claims): PostgreSQL's web-search syntax
with a rank; on SQLite, every word must appear somewhere in the claim."""

import pytest

from claims.models import Claim
from claims.search import MAX_QUERY_LENGTH, search_claims
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def found(q: str) -> set[int]:
    return set(search_claims(Claim.objects.all(), q).values_list("pk", flat=True))


def test_search_matches_text_and_speaker():
    hit = ClaimFactory(text="The hospital wing cost forty million pounds.")
    by_speaker = ClaimFactory(speaker_resolved="Hospital Trust")
    ClaimFactory(text="Crime fell by a third.")
    assert found("hospital") == {hit.pk, by_speaker.pk}


def test_an_empty_query_narrows_nothing():
    ClaimFactory.create_batch(3)
    assert search_claims(Claim.objects.all(), "  ").count() == 3
    assert search_claims(Claim.objects.all(), None).count() == 3


def test_every_word_must_match():
    both = ClaimFactory(text="Hospital waiting times doubled since 2010.")
    ClaimFactory(text="Hospital budgets were frozen.")
    ClaimFactory(text="Waiting lists for housing grew.")
    assert found("hospital waiting") == {both.pk}


def test_search_narrows_the_queryset_it_is_given():
    wanted = ClaimFactory(text="Hospital beds were cut.", status="selected")
    ClaimFactory(text="Hospital beds were added.", status="new")
    narrowed = search_claims(Claim.objects.filter(status="selected"), "hospital")
    assert list(narrowed.values_list("pk", flat=True)) == [wanted.pk]


def test_an_overlong_query_is_cut_at_the_limit_not_refused():
    claim = ClaimFactory(text="Hospital beds were cut.")
    # "housing" lies past the limit: cut off, it does not exclude the claim.
    assert found("hospital" + " " * MAX_QUERY_LENGTH + "housing") == {claim.pk}


def test_sqlite_search_also_looks_at_the_document_title():
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("the title is part of the SQLite fallback only (the index covers the claim)")
    claim = ClaimFactory(document=DocumentFactory(title="Hospital funding review"))
    assert found("hospital") == {claim.pk}


@pytest.mark.postgres
def test_postgres_understands_phrases_and_exclusions_and_ranks_the_matches():
    exact = ClaimFactory(text="Waiting times at the hospital doubled.")
    loose = ClaimFactory(text="The hospital said times spent waiting had doubled.")
    excluded = ClaimFactory(text="Hospital waiting times doubled, the minister said.")
    assert found('"waiting times" -minister') == {exact.pk}
    assert found("hospital or minister") == {exact.pk, loose.pk, excluded.pk}
    ranked = search_claims(Claim.objects.all(), "hospital doubled").order_by("-rank")
    assert all(claim.rank > 0 for claim in ranked)
