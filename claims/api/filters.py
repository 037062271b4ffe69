"""Query-string filters of the list endpoints (django-filter: bad values answer 400)."""

from __future__ import annotations

from datetime import UTC
from functools import lru_cache
from weakref import WeakKeyDictionary

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend

from claims.api.pagination import CLAIM_ORDERING_CHOICES, MAX_ID
from claims.models import (
    Claim,
    ClaimType,
    Document,
    DocumentKind,
    ExtractionJob,
    JobStatus,
    Notification,
)
from claims.search import search_claims
from claims.workflow import Status


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """An object id: a whole number in the database's range (never a server error)."""

    field_class = IdField


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned into UTC here: PostgreSQL refuses offsets beyond
    ±15:59 that Python accepts, and a date at the edge of the calendar may not convert."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("Give a date-time within years 1 to 9999.") from None


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class ScoreFilter(django_filters.NumberFilter):
    field_class = forms.FloatField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "score")
        super().__init__(*args, **kwargs)


# One form class per FilterSet class (weak: the per-request subsets come and go).
_form_classes: WeakKeyDictionary = WeakKeyDictionary()


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is built once per FilterSet class, not once per
    request (a Form class costs a metaclass run and a field per filter). Only for
    filters whose form field does not depend on the request; each request still gets
    its own form, with its own copy of the fields."""

    def get_form_class(self):
        cls = type(self)
        if cls not in _form_classes:
            _form_classes[cls] = super().get_form_class()
        return _form_classes[cls]


@lru_cache(maxsize=256)
def _requested_class(filterset_class, names: frozenset[str]):
    """`filterset_class` with only the filters `names` (a subclass that declares the
    others None, which takes them off), made once per set of names."""
    dropped = {name: None for name in filterset_class.base_filters if name not in names}
    return type(filterset_class.__name__, (filterset_class,), dropped)


class RequestedFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that builds the FilterSet with only the filters whose parameters
    the query string carries. The others would clean to an empty value and filter
    nothing, so the answer is the same, but a request no longer pays for copying every
    filter and building and validating a form field for each (17 for the claims). The
    view's `filterset_class` keeps them all, so the schema documents them all."""

    def get_filterset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        names = frozenset(
            name for name in filterset_class.base_filters if name in request.query_params
        )
        filterset_class = _requested_class(filterset_class, names)
        return filterset_class(**self.get_filterset_kwargs(request, queryset, view))


class ClaimFilter(FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=500,
        label="Full-text search in the claim text and speaker (web-search syntax on PostgreSQL).",
    )
    status = django_filters.ChoiceFilter(choices=Status.choices)
    claim_type = django_filters.ChoiceFilter(choices=ClaimType.choices)
    score_min = ScoreFilter(lookup_expr="gte", label="Score at least (0 to 1).")
    score_max = ScoreFilter(lookup_expr="lte", label="Score at most (0 to 1).")
    assignee = IdFilter(field_name="assignee_id", label="Assigned to this user id.")
    mine = django_filters.BooleanFilter(method="filter_mine", label="Assigned to me.")
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        max_length=200,
        label="A speaker id (their claims), or text the speaker as written or resolved contains.",
    )
    document = IdFilter(field_name="document_id", label="From this document id.")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")
    has_verdict = django_filters.BooleanFilter(
        field_name="rating", lookup_expr="isnull", exclude=True, label="Has a rating."
    )
    # Applied by the keyset pagination (claims.api.pagination); declared here so that it is
    # validated and documented with the other parameters.
    ordering = django_filters.ChoiceFilter(
        choices=[(c, c) for c in CLAIM_ORDERING_CHOICES],
        method="filter_noop",
        label="Order by score, created_at, due_at or priority; '-' for descending "
        "(default -score).",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return search_claims(queryset, value)

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        return queryset.filter(assignee=user) if value else queryset.exclude(assignee=user)

    def filter_speaker(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isascii() and value.isdigit():
            speaker_id = int(value)
            return (
                queryset.filter(speaker_ref_id=speaker_id)
                if speaker_id <= MAX_ID
                else queryset.none()
            )
        return queryset.filter(Q(speaker_resolved__icontains=value) | Q(speaker__icontains=value))

    def filter_noop(self, queryset, name, value):
        return queryset


class DocumentFilter(FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=200, label="Title or publisher contains."
    )
    publisher = django_filters.CharFilter(lookup_expr="iexact", max_length=200)
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices)
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Document
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(publisher__icontains=value))


class JobFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)
    document = IdFilter(field_name="document_id")

    class Meta:
        model = ExtractionJob
        fields: list[str] = []


class NotificationFilter(FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields: list[str] = []
