"""The JSON API: parse input, call a service, serialize. No rules and no writes live here;
every change goes through claims.services, every "may this user..." through claims.workflow.
"""

from __future__ import annotations

import re
from functools import cache

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import speakers, workflow
from claims.api import seen_serializers
from claims.api import serializers as s
from claims.api.authentication import TokenWithPermissionsAuthentication
from claims.api.compiled import CompiledValues
from claims.api.exceptions import exception_handler
from claims.api.filters import ClaimFilter, DocumentFilter, JobFilter, NotificationFilter
from claims.api.pagination import MAX_ID, KeysetPagination, PagePagination
from claims.api.permissions import IsTeamMember
from claims.api.schema import FactcheckAutoSchema
from claims.api.triage_serializers import (
    BulkOutcomeSerializer,
    CommentAddedSerializer,
    EvidenceAddedSerializer,
)
from claims.claimreview import claim_review, rating_scale
from claims.models import (
    Claim,
    ClaimEvent,
    Comment,
    Document,
    Evidence,
    ExtractionJob,
    Notification,
    Rating,
)
from claims.search import similar_claims
from claims.services import claims as claim_services
from claims.services import documents as document_services
from claims.services import notifications as notification_services
from claims.services import ratings as rating_services

# Any path segment reaches the view, so that a malformed id answers a JSON 404 (not the
# site's HTML one); DRF's get_object_or_404 turns a non-number into a 404.
ID_REGEX = r"[^/]+"
SLUG_RE = re.compile(r"[-\w]{1,80}")


class ApiMixin:
    """What every endpoint shares. Token authentication is tried first so that an anonymous
    caller is answered 401 with `WWW-Authenticate: Token`; session callers still need CSRF
    for unsafe methods."""

    authentication_classes = [TokenWithPermissionsAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, IsTeamMember]
    # A JSON API: one request and one response format, documented and fuzzed as such.
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    schema = FactcheckAutoSchema()

    def get_exception_handler(self):
        return exception_handler


def _input(serializer_class, request, **context) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Selectors: the reads, each in a fixed number of queries ---


# The claim detail with its evidence rows in one query: the claim's columns repeat on each
# evidence row (a LEFT JOIN; no evidence: one row of NULLs), compiled once (see
# claims.api.compiled).
CLAIM_DETAIL_QUERY = CompiledValues(
    lambda pk: (
        Claim.objects.filter(pk=pk)
        .values(*s.CLAIM_DETAIL_COLUMNS, *(f"evidence__{c}" for c in s.EVIDENCE_COLUMNS))
        .order_by("evidence__added_at", "evidence__id")
    ),
    MAX_ID - 7,  # a placeholder for the id (any id no other parameter equals)
)
EVIDENCE_KEYS = [(f"evidence__{c}", c) for c in s.EVIDENCE_COLUMNS]


def claim_detail(pk) -> dict:
    """The claim detail row (CLAIM_DETAIL_COLUMNS) with its evidence (a list of
    EVIDENCE_COLUMNS rows, oldest first), in one query; 404 if there is no such claim."""
    try:
        pk = Claim._meta.pk.to_python(pk)
    except DjangoValidationError:
        raise Http404 from None
    if pk is None or not 0 < pk <= MAX_ID:
        raise Http404
    rows = CLAIM_DETAIL_QUERY.rows(pk)
    if not rows:
        raise Http404
    row = {column: rows[0][column] for column in s.CLAIM_DETAIL_COLUMNS}
    row["evidence"] = [
        {column: joined[key] for key, column in EVIDENCE_KEYS}
        for joined in rows
        if joined["evidence__id"] is not None
    ]
    return row


def evidence_rows(claim_id: int):
    return (
        Evidence.objects.filter(claim_id=claim_id)
        .order_by("added_at", "id")
        .values(*s.EVIDENCE_COLUMNS)
    )


@cache
def claim_list_values() -> QuerySet:
    """The claims as rows of CLAIM_LIST_COLUMNS, set up once (resolving the columns and
    their joins is a good part of the cost of a list request); filter a copy."""
    return Claim.objects.values(*s.CLAIM_LIST_COLUMNS)


NESTED = {"pagination_class": None, "filter_backends": []}


class ClaimViewSet(ApiMixin, viewsets.GenericViewSet):
    """Claims: the triage queue, the fact-check workflow and everything attached to a claim."""

    queryset = Claim.objects.all()
    serializer_class = s.ClaimDetailSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter
    pagination_class = KeysetPagination
    lookup_value_regex = ID_REGEX
    versioned_actions = {
        "partial_update",
        "transition",
        "assign",
        "verdict",
        "duplicate",
        "speaker",
    }

    def _claim(self, pk) -> Claim:
        return get_object_or_404(Claim.objects.all(), pk=pk)

    @extend_schema(responses=s.ClaimListSerializer(many=True))
    def list(self, request):
        """Claims, filtered and ordered, one keyset page at a time (highest score first)."""
        queryset = self.filter_queryset(claim_list_values().all())
        if queryset.query.annotation_select:  # e.g. the search's rank: not in the answer
            queryset = queryset.values(*s.CLAIM_LIST_COLUMNS)
        rows = self.paginate_queryset(queryset)
        serializer = s.ClaimListSerializer()
        return self.get_paginated_response([serializer.to_representation(r) for r in rows])

    def retrieve(self, request, pk=None):
        """A claim with its document, verdict and evidence."""
        return Response(s.ClaimDetailSerializer().to_representation(claim_detail(pk)))

    def _answer(self, claim: Claim) -> Response:
        return Response(s.ClaimDetailSerializer().to_representation(claim_detail(claim.pk)))

    @extend_schema(request=s.ClaimUpdateInputSerializer, responses=s.ClaimDetailSerializer)
    def partial_update(self, request, pk=None):
        """Change triage details (priority, due date, resolved speaker, claim type)."""
        claim = self._claim(pk)
        data = _input(s.ClaimUpdateInputSerializer, request)
        claim = claim_services.claim_update(
            claim=claim,
            actor=request.user,
            expected_version=data["version"],
            priority=data.get("priority"),
            due_at=data.get("due_at", "unchanged"),
            speaker_resolved=data.get("speaker_resolved"),
            claim_type=data.get("claim_type"),
        )
        return self._answer(claim)

    @extend_schema(request=s.TransitionInputSerializer, responses=s.ClaimDetailSerializer)
    @action(detail=True, methods=["post"], **NESTED)
    def transition(self, request, pk=None):
        """Move the claim to another status, as the workflow table allows the caller."""
        claim = self._claim(pk)
        data = _input(s.TransitionInputSerializer, request)
        claim = claim_services.claim_transition(
            claim=claim,
            to=data["to"],
            actor=request.user,
            note=data["note"],
            expected_version=data["version"],
        )
        return self._answer(claim)

    @extend_schema(responses=s.TransitionOptionSerializer(many=True))
    @action(detail=True, methods=["get"], **NESTED)
    def transitions(self, request, pk=None):
        """The transitions the caller may make now (a note is asked for where needed)."""
        claim = get_object_or_404(Claim.objects.prefetch_related("evidence"), pk=pk)
        options = workflow.available_transitions(claim, request.user)
        serializer = s.TransitionOptionSerializer()
        return Response([serializer.to_representation(t) for t in options])

    @extend_schema(request=s.AssignInputSerializer, responses=s.ClaimDetailSerializer)
    @action(detail=True, methods=["post"], **NESTED)
    def assign(self, request, pk=None):
        """Assign the claim to a user id, to "me", or to nobody (null)."""
        claim = self._claim(pk)
        data = _input(s.AssignInputSerializer, request)
        claim = claim_services.claim_assign(
            claim=claim,
            assignee=data["assignee"],
            actor=request.user,
            expected_version=data["version"],
        )
        return self._answer(claim)

    @extend_schema(request=s.VerdictInputSerializer, responses=s.ClaimDetailSerializer)
    @action(detail=True, methods=["post"], **NESTED)
    def verdict(self, request, pk=None):
        """Set the rating, summary and explanation (the assignee or an editor)."""
        claim = self._claim(pk)
        data = _input(s.VerdictInputSerializer, request)
        claim = claim_services.claim_set_verdict(
            claim=claim,
            rating=data["rating"],
            summary=data["verdict_summary"],
            explanation=data["verdict_explanation"],
            actor=request.user,
            expected_version=data["version"],
        )
        return self._answer(claim)

    @extend_schema(request=s.DuplicateInputSerializer, responses=s.ClaimDetailSerializer)
    @action(detail=True, methods=["post"], **NESTED)
    def duplicate(self, request, pk=None):
        """Mark the claim as saying the same as an already tracked one (or clear it)."""
        claim = self._claim(pk)
        data = _input(s.DuplicateInputSerializer, request)
        claim = claim_services.claim_mark_duplicate(
            claim=claim,
            original=data["duplicate_of"],
            actor=request.user,
            expected_version=data["version"],
        )
        return self._answer(claim)

    @extend_schema(request=s.ClaimSpeakerInputSerializer, responses=s.ClaimDetailSerializer)
    @action(detail=True, methods=["post"], **NESTED)
    def speaker(self, request, pk=None):
        """Correct who made the claim: a speaker id, or a full name (found or created), or
        neither to clear it (researchers and editors, while the claim is worked on)."""
        claim = self._claim(pk)
        data = _input(s.ClaimSpeakerInputSerializer, request)
        claim = speakers.claim_set_speaker(
            claim=claim,
            actor=request.user,
            speaker=data["speaker"],
            name=data["name"],
            kind=data["kind"],
            expected_version=data["version"],
        )
        return self._answer(claim)

    @extend_schema(methods=["GET"], responses=s.EvidenceSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.EvidenceInputSerializer,
        responses={201: EvidenceAddedSerializer},
    )
    @action(detail=True, methods=["get", "post"], **NESTED)
    def evidence(self, request, pk=None):
        """The claim's evidence sources; POST adds one."""
        claim = self._claim(pk)
        if request.method == "POST":
            data = _input(s.EvidenceInputSerializer, request)
            evidence = claim_services.claim_add_evidence(claim=claim, actor=request.user, **data)
            row = Evidence.objects.values(*s.EVIDENCE_COLUMNS).get(pk=evidence.pk)
            added = {**s.evidence_representation(row), "version": evidence.claim.version}
            return Response(added, status=status.HTTP_201_CREATED)
        return Response([s.evidence_representation(e) for e in evidence_rows(claim.pk)])

    @extend_schema(methods=["GET"], responses=s.CommentSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=s.CommentInputSerializer, responses={201: CommentAddedSerializer}
    )
    @action(detail=True, methods=["get", "post"], **NESTED)
    def comments(self, request, pk=None):
        """The team's discussion of the claim; POST adds a comment."""
        claim = self._claim(pk)
        if request.method == "POST":
            data = _input(s.CommentInputSerializer, request)
            comment = claim_services.claim_comment(
                claim=claim, body=data["body"], actor=request.user
            )
            added = {**s.CommentSerializer(comment).data, "version": claim.version}
            return Response(added, status=status.HTTP_201_CREATED)
        comments = Comment.objects.filter(claim=claim).select_related("author")
        return Response(s.CommentSerializer(comments, many=True).data)

    @extend_schema(responses=s.ClaimEventSerializer(many=True))
    @action(detail=True, methods=["get"], **NESTED)
    def history(self, request, pk=None):
        """The claim's append-only history, oldest first."""
        claim = self._claim(pk)
        events = ClaimEvent.objects.filter(claim=claim).select_related("actor")
        return Response(s.ClaimEventSerializer(events, many=True).data)

    @extend_schema(
        parameters=[seen_serializers.SimilarQuerySerializer],
        responses=seen_serializers.MatchSerializer(many=True),
    )
    @action(detail=True, methods=["get"], **NESTED)
    def similar(self, request, pk=None):
        """Our claims and other organisations' fact-checks that say much the same, ranked,
        each with its score, source, level and why."""
        claim = self._claim(pk)
        query = seen_serializers.SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        matches = similar_claims(claim, limit=query.validated_data["limit"])
        return Response([seen_serializers.match_data(m) for m in matches])

    @extend_schema(request=s.BulkInputSerializer, responses=BulkOutcomeSerializer)
    @action(detail=False, methods=["post"], **NESTED)
    def bulk(self, request):
        """Transition (with an assignee: and assign) or assign several claims, all or
        nothing: when any is refused, none is changed and each refusal is named."""
        data = _input(s.BulkInputSerializer, request)
        result = claim_services.claims_bulk(
            claim_ids=data["ids"],
            actor=request.user,
            action=data["action"],
            to=data["to"],
            note=data["note"],
            assignee=data["assignee"],
        )
        return Response(result.as_dict())


class DocumentViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Documents: the articles, transcripts and statements claims are extracted from."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = DocumentFilter
    pagination_class = PagePagination
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        queryset = Document.objects.select_related("created_by").annotate(
            claims_count=Count("claims")
        )
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset.order_by("-created_at", "-id")

    def get_serializer_class(self):
        return s.DocumentListSerializer if self.action == "list" else s.DocumentDetailSerializer

    @extend_schema(
        request=s.DocumentInputSerializer,
        responses={
            201: OpenApiResponse(
                s.DocumentDetailSerializer, description="Created; extraction queued (see `job`)."
            ),
            200: OpenApiResponse(
                s.DocumentDetailSerializer,
                description="The same text was already ingested: that document.",
            ),
        },
    )
    def create(self, request):
        """Add a document from its text, or from a URL to fetch (public http(s) only); its
        extraction job starts at once."""
        data = _input(s.DocumentInputSerializer, request)
        fields = {
            "title": data["title"],
            "publisher": data["publisher"],
            "author": data["author"],
            "published_at": data["published_at"],
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
        document = self.get_queryset().get(pk=document.pk)
        return Response(
            s.DocumentDetailSerializer(document, context={"request": request}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=None, responses={202: s.JobSerializer})
    @action(detail=True, methods=["post"], **NESTED)
    def reextract(self, request, pk=None):
        """Run extraction again (claims already tracked keep their state)."""
        document = get_object_or_404(Document.objects.only("id"), pk=pk)
        job = document_services.document_reextract(document=document, actor=request.user)
        job.refresh_from_db()
        return Response(s.JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class JobViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Extraction jobs: status, progress, counts, error and timings."""

    queryset = ExtractionJob.objects.order_by("-created_at", "-id")
    serializer_class = s.JobSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = JobFilter
    pagination_class = PagePagination
    lookup_value_regex = ID_REGEX


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
    filter_backends: list = []
    lookup_value_regex = ID_REGEX

    @extend_schema(request=s.RatingInputSerializer, responses={201: s.RatingSerializer})
    def create(self, request):
        data = _input(s.RatingInputSerializer, request)
        rating = rating_services.rating_save(actor=request.user, **data)
        return Response(s.RatingSerializer(rating).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RatingInputSerializer(partial=True), responses=s.RatingSerializer)
    def partial_update(self, request, pk=None):
        rating = self.get_object()
        serializer = s.RatingInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        current = {f: getattr(rating, f) for f in ("name", "slug", "value", "description")}
        rating = rating_services.rating_save(
            actor=request.user, rating=rating, **{**current, **serializer.validated_data}
        )
        return Response(s.RatingSerializer(rating).data)


class NotificationViewSet(ApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.NotificationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = NotificationFilter
    pagination_class = PagePagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=self.request.user).select_related("actor")

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
        return Response(s.MeSerializer().to_representation(request.user))


class PublicFactCheckViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Published fact-checks as schema.org ClaimReview, for anyone (no authentication)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    public = True
    pagination_class = PagePagination
    filter_backends: list = []
    lookup_field = "key"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return (
            Claim.objects.published()
            .select_related("document", "rating", "speaker_ref")
            .defer("document__text")
            .order_by("-published_at", "-id")
        )

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
