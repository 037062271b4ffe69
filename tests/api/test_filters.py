"""The list filters build and validate only the parameters the query string carries
(claims.api.filters.RequestedFilterBackend), with the same answers as the filterset of
every field."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.http import QueryDict
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims.api.filters import ClaimFilter, RequestedFilterBackend
from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def lean(query: str, user=None):
    """The filterset the API builds for `query`."""
    request = Request(APIRequestFactory().get(f"/?{query}"))
    if user is not None:
        request.user = user
    view = SimpleNamespace(filterset_class=ClaimFilter)
    return RequestedFilterBackend().get_filterset(request, Claim.objects.all(), view)


def test_only_the_requested_filters_are_built():
    filterset = lean("status=new&ordering=-score&page_size=5")
    assert list(filterset.filters) == ["status", "ordering"]
    assert filterset.is_valid()
    assert list(filterset.form.fields) == ["status", "ordering"]
    assert len(ClaimFilter.base_filters) == 15  # all still declared (and documented)


def test_the_filterset_class_is_made_once_per_set_of_parameters():
    one = lean("status=new&q=budget")
    two = lean("q=tax&status=selected")
    assert type(one) is type(two)
    assert issubclass(type(one), ClaimFilter)
    assert type(lean("status=new")) is not type(one)


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
    built = lean(query)
    full = ClaimFilter(QueryDict(query), Claim.objects.all())
    assert built.is_valid() == full.is_valid()
    assert dict(built.errors) == dict(full.errors)
    if full.is_valid():
        assert list(built.qs.order_by("id")) == list(full.qs.order_by("id"))


def test_bad_filter_values_answer_400(api, researcher):
    client = api("researcher")
    response = client.get("/api/v1/claims/?status=new&score_min=high")
    assert response.status_code == 400
    assert "score_min" in response.json()
    assert client.get("/api/v1/claims/?status=new&unknown=1").status_code == 200


def test_method_filters_are_bound_to_their_own_filterset(researcher, researcher2):
    mine = ClaimFactory(assignee=researcher)
    theirs = ClaimFactory(assignee=researcher2)
    results = []
    for user in (researcher, researcher2):  # the second must not answer for the first
        filterset = lean("mine=true", user)
        assert filterset.is_valid()
        assert filterset.filters["mine"].filter.f is filterset.filters["mine"]
        results.append(list(filterset.qs))
    assert results == [[mine], [theirs]]
    assert ClaimFilter.base_filters["mine"].filter.f is ClaimFilter.base_filters["mine"]


def test_the_form_class_is_shared_between_requests_not_the_form():
    one, two = lean("status=new&q=budget"), lean("q=tax&status=selected")
    assert type(one.form) is type(two.form)
    assert one.form is not two.form
    assert one.form.fields["status"] is not two.form.fields["status"]
    assert one.is_valid() and two.is_valid()
    assert one.form.cleaned_data["q"] == "budget" and two.form.cleaned_data["q"] == "tax"
