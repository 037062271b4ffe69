"""The JSON API's documents, jobs, ratings, notifications, the caller and the public feed
(the claims are in claims.api.claim_views): parse input, call a service, answer. No rules
and no writes live here; every change goes through claims.services, every "may this
user..." through claims.workflow. What every endpoint shares (authentication, the team
permission, JSON only, pages, filters, errors, schema) is settings.REST_FRAMEWORK.
"""

from __future__ import annotations

import re

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors
from claims.api import edit_serializers, shapes
from claims.api import resources as r
from claims.api import serializers as s
from claims.api.filters import DocumentFilter, JobFilter, NotificationFilter
from claims.api.shapes import serializer
from claims.claimreview import claim_review, rating_scale
from claims.models import Document, Notification, Rating
from claims.services import documents as document_services
from claims.services import notifications as notification_services
from claims.services import ratings as rating_services
from claims.validators import MAX_ID

# Any path segment reaches the view, so that a malformed id answers a JSON 404 (not the
# site's HTML one); DRF's get_object_or_404 turns a non-number into a 404.
ID_REGEX = r"[^/]+"
SLUG_RE = re.compile(r"[-\w]{1,80}")
# For actions that answer one object or a plain list: no pages, no query filters.
NESTED = {"pagination_class": None, "filter_backends": []}


class ApiMixin:
    """An endpoint of the JSON API. What they share is in settings.REST_FRAMEWORK; this
    marks the views it applies to."""


def parse_id(value) -> int:
    """A path id as a number in the database's range, or 404."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        raise Http404
    return int(text)


def _input(serializer_class, request, **context) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class DocumentViewSet(ApiMixin, viewsets.GenericViewSet):
    """Documents: the articles, transcripts and statements claims are extracted from."""

    serializer_class = shapes.serializer_class("DocumentDetail", r.DOCUMENT_DETAIL)
    filterset_class = DocumentFilter
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        return selectors.documents_with_claim_count()

    @extend_schema(responses=serializer("DocumentList", r.DOCUMENT_LIST, many=True))
    def list(self, request):
        """Documents, newest first."""
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(queryset.values(*r.DOCUMENT_LIST_COLUMNS))
        return self.get_paginated_response([r.document_list_json(row) for row in rows])

    def _answer(self, pk: int, **kwargs) -> Response:
        row = self.get_queryset().values(*r.DOCUMENT_DETAIL_COLUMNS)
        row = row.filter(pk=pk).first()
        if row is None:
            raise Http404
        row["job"] = selectors.latest_job_row(pk, r.JOB_COLUMNS)
        row["claims"] = selectors.document_claim_rows(pk, r.CLAIM_LIST_COLUMNS)
        return Response(r.document_detail_json(row), **kwargs)

    @extend_schema(responses=serializer("DocumentDetail", r.DOCUMENT_DETAIL))
    def retrieve(self, request, pk=None):
        """A document with its text, its latest extraction job and its claims."""
        return self._answer(parse_id(pk))

    @extend_schema(
        request=edit_serializers.DocumentCreateInputSerializer,
        responses={
            201: OpenApiResponse(
                serializer("DocumentDetail", r.DOCUMENT_DETAIL),
                description="Created; extraction queued (see `job`).",
            ),
            200: OpenApiResponse(
                serializer("DocumentDetail", r.DOCUMENT_DETAIL),
                description="The same text was already ingested: that document.",
            ),
        },
    )
    def create(self, request):
        """Add a document from its text, or from a URL to fetch (public http(s) only); its
        extraction job starts at once."""
        data = _input(edit_serializers.DocumentCreateInputSerializer, request)
        fields = {
            "title": data["title"],
            "publisher": data["publisher"],
            "author": data["author"],
            "published_at": data["published_at"],
            "published_tz": data["published_tz"],
            "kind": data["kind"],
            "language": data["language"],
            "created_by": request.user,
        }
        url = (data["url"] or "").strip() or None
        if data["text"].strip():
            document, created = document_services.document_ingest(
                text=data["text"], url=url, **fields
            )
        else:
            document, created = document_services.document_ingest_url(url=url or "", **fields)
        return self._answer(
            document.pk, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(
        request=edit_serializers.DocumentUpdateInputSerializer,
        responses=serializer("DocumentDetail", r.DOCUMENT_DETAIL),
    )
    def partial_update(self, request, pk=None):
        """Correct a document's details (its text never changes); only the fields given
        change, and every claim of it gets a history row with the old and new values."""
        document = get_object_or_404(selectors.documents_with_claim_count().defer("text"), pk=pk)
        data = _input(edit_serializers.DocumentUpdateInputSerializer, request)
        document_services.document_update(document=document, actor=request.user, changes=data)
        return self._answer(document.pk)

    @extend_schema(request=None, responses={202: serializer("Job", r.JOB)})
    @action(detail=True, methods=["post"], **NESTED)
    def reextract(self, request, pk=None):
        """Run extraction again (claims already tracked keep their state)."""
        document = get_object_or_404(Document.objects.only("id"), pk=pk)
        job = document_services.document_reextract(document=document, actor=request.user)
        row = selectors.job_rows(r.JOB_COLUMNS).get(pk=job.pk)
        return Response(r.job_json(row), status=status.HTTP_202_ACCEPTED)


class JobViewSet(ApiMixin, viewsets.GenericViewSet):
    """Extraction jobs: status, progress, counts, error and timings."""

    serializer_class = shapes.serializer_class("Job", r.JOB)
    filterset_class = JobFilter
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        return selectors.job_rows(r.JOB_COLUMNS)

    @extend_schema(responses=serializer("Job", r.JOB, many=True))
    def list(self, request):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([r.job_json(row) for row in rows])

    @extend_schema(responses=serializer("Job", r.JOB))
    def retrieve(self, request, pk=None):
        row = self.get_queryset().filter(pk=parse_id(pk)).first()
        if row is None:
            raise Http404
        return Response(r.job_json(row))


class RatingViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The verdict scale: everyone on the team reads it; administrators (the rating
    permissions) add and change ratings."""

    queryset = Rating.objects.order_by("-value")
    serializer_class = s.RatingSerializer
    pagination_class = None
    lookup_value_regex = ID_REGEX

    @extend_schema(request=s.RatingInputSerializer, responses={201: s.RatingSerializer})
    def create(self, request):
        data = _input(s.RatingInputSerializer, request)
        rating = rating_services.rating_save(actor=request.user, **data)
        return Response(s.RatingSerializer(rating).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RatingInputSerializer(partial=True), responses=s.RatingSerializer)
    def partial_update(self, request, pk=None):
        rating = self.get_object()
        given = s.RatingInputSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        current = {f: getattr(rating, f) for f in ("name", "slug", "value", "description")}
        rating = rating_services.rating_save(
            actor=request.user, rating=rating, **{**current, **given.validated_data}
        )
        return Response(s.RatingSerializer(rating).data)


class NotificationViewSet(ApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_for(self.request.user)

    @extend_schema(
        request=s.NotificationReadInputSerializer, responses=s.NotificationReadResultSerializer
    )
    @action(detail=False, methods=["post"], url_path="read", **NESTED)
    def mark_read(self, request):
        """Mark notifications read: the given ids, or all unread ones."""
        data = _input(s.NotificationReadInputSerializer, request)
        marked = notification_services.notifications_mark_read(
            user=request.user, ids=data.get("ids")
        )
        return Response({"marked": marked})


class MeView(ApiMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        """The caller, with their roles."""
        return Response(
            s.MeSerializer().to_representation(
                request.user, unread=selectors.unread_notification_count(request.user)
            )
        )


class PublicFactCheckViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Published fact-checks as schema.org ClaimReview, for anyone (no authentication)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    public = True
    lookup_field = "key"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return selectors.published_fact_checks()

    @extend_schema(responses=OpenApiResponse(s.CLAIM_REVIEW_SCHEMA))
    def list(self, request):
        """Published fact-checks, most recently published first."""
        page = self.paginate_queryset(self.get_queryset())
        scale = rating_scale()
        return self.get_paginated_response([claim_review(c, scale=scale) for c in page])

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "key", str, OpenApiParameter.PATH, description="The fact-check's id or slug."
            )
        ],
        responses=OpenApiResponse(s.CLAIM_REVIEW_SCHEMA),
    )
    def retrieve(self, request, key=None):
        """One published fact-check by id or slug."""
        queryset = self.get_queryset()
        if key.isascii() and key.isdigit():
            if int(key) > MAX_ID:
                raise Http404
            claim = queryset.filter(pk=int(key)).first()
        elif SLUG_RE.fullmatch(key):
            claim = queryset.filter(slug=key).first()
        else:
            raise Http404
        if claim is None:
            raise Http404
        return Response(claim_review(claim))
