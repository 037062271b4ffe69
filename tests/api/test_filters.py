"""The list filters build and validate only the parameters the query string carries, with
the same answers as a filterset of every field."""

from __future__ import annotations

import django_filters
import pytest
from django.http import QueryDict

from claims.api.filters import ClaimFilter, DocumentFilter
from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


class EveryFieldClaimFilter(ClaimFilter):
    """ClaimFilter as django-filter builds it: every filter, every form field."""

    __init__ = django_filters.FilterSet.__init__
    get_form_class = django_filters.FilterSet.get_form_class


def test_only_the_requested_filters_are_built():
    filterset = ClaimFilter(QueryDict("status=new&ordering=-score&page_size=5"), Claim.objects)
    assert list(filterset.filters) == ["status", "ordering"]
    assert filterset.is_valid()
    assert list(filterset.form.fields) == ["status", "ordering"]
    assert len(ClaimFilter.base_filters) == 15  # all still declared (and documented)


def test_the_form_class_is_shared_between_requests():
    one = ClaimFilter(QueryDict("status=new&q=budget"), Claim.objects)
    two = ClaimFilter(QueryDict("q=tax&status=selected"), Claim.objects)
    assert type(one.form) is type(two.form)
    assert one.form is not two.form


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=new",
        "status=new&ordering=-score&score_min=0.3&score_max=0.9",
        "claim_type=quantity&has_verdict=false",
        "speaker=mayor&document=1&created_after=2020-01-01T00:00:00Z",
        "status=bogus",
        "score_min=high",
        "created_before=yesterday&document=0",
        "unknown=1",
    ],
)
def test_same_answers_as_a_filterset_of_every_field(query):
    for score in (0.1, 0.5, 0.95):
        ClaimFactory(score=score)
    lean = ClaimFilter(QueryDict(query), Claim.objects.all())
    full = EveryFieldClaimFilter(QueryDict(query), Claim.objects.all())
    assert lean.is_valid() == full.is_valid()
    assert dict(lean.errors) == dict(full.errors)
    if full.is_valid():
        assert list(lean.qs.order_by("id")) == list(full.qs.order_by("id"))


def test_an_unbound_filterset_has_every_filter():
    assert len(DocumentFilter(queryset=Claim.objects.none()).filters) == len(
        DocumentFilter.base_filters
    )


def test_bad_filter_values_answer_400(api, researcher):
    client = api("researcher")
    response = client.get("/api/v1/claims/?status=new&score_min=high")
    assert response.status_code == 400
    assert "score_min" in response.json()
    assert client.get("/api/v1/claims/?status=new&unknown=1").status_code == 200


def test_method_filters_are_bound_to_their_own_filterset(researcher, researcher2):
    from rest_framework.test import APIRequestFactory

    mine = ClaimFactory(assignee=researcher)
    theirs = ClaimFactory(assignee=researcher2)
    results = []
    for user in (researcher, researcher2):  # the second must not answer for the first
        request = APIRequestFactory().get("/")
        request.user = user
        filterset = ClaimFilter(QueryDict("mine=true"), Claim.objects.all(), request=request)
        assert filterset.is_valid()
        assert filterset.filters["mine"].filter.f is filterset.filters["mine"]
        results.append(list(filterset.qs))
    assert results == [[mine], [theirs]]
    assert ClaimFilter.base_filters["mine"].filter.f is ClaimFilter.base_filters["mine"]
