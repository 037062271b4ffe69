"""/api/v1/claims/: the triage queue, the fact-check workflow and everything attached to
a claim. Parse input, call a service, answer with the claim as its table
(claims.api.resources) describes it."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from claims import selectors, speakers, workflow
from claims.api import edit_serializers, seen_serializers, shapes
from claims.api import resources as r
from claims.api import serializers as s
from claims.api.filters import ClaimFilter
from claims.api.pagination import KeysetPagination
from claims.api.shapes import serializer
from claims.api.triage_serializers import (
    BulkOutcomeSerializer,
    CommentAddedSerializer,
    EvidenceAddedSerializer,
)
from claims.api.views import ID_REGEX, NESTED, ApiMixin, _input, parse_id
from claims.models import Claim
from claims.search import similar_claims
from claims.services import claims as claim_services
from claims.services import edits

CLAIM_DETAIL = serializer("ClaimDetail", r.CLAIM_DETAIL)


def claim_detail_json(pk) -> dict:
    """The claim detail's JSON, read in one query; 404 if there is no such claim."""
    row = selectors.claim_detail_row(parse_id(pk), r.CLAIM_DETAIL_COLUMNS, r.EVIDENCE_COLUMNS)
    if row is None:
        raise Http404
    return r.claim_detail_json(row)


class ClaimViewSet(ApiMixin, viewsets.GenericViewSet):
    """Claims: the triage queue, the fact-check workflow and everything attached to a claim."""

    queryset = Claim.objects.all()
    serializer_class = shapes.serializer_class("ClaimDetail", r.CLAIM_DETAIL)
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

    @extend_schema(responses=serializer("ClaimList", r.CLAIM_LIST, many=True))
    def list(self, request):
        """Claims, filtered and ordered, one keyset page at a time (highest score first)."""
        queryset = self.filter_queryset(selectors.claim_rows(r.CLAIM_LIST_COLUMNS))
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response([r.claim_list_json(row) for row in rows])

    @extend_schema(responses=CLAIM_DETAIL)
    def retrieve(self, request, pk=None):
        """A claim with its document, verdict and evidence."""
        return Response(claim_detail_json(pk))

    def _answer(self, claim: Claim) -> Response:
        return Response(claim_detail_json(claim.pk))

    @extend_schema(
        request=edit_serializers.ClaimCreateInputSerializer, responses={201: CLAIM_DETAIL}
    )
    def create(self, request):
        """Add a claim extraction missed: `{document, start, end}` (character offsets into
        its text) or `{document, text}` (found in it). A span overlapping a tracked claim
        is refused (400), naming that claim."""
        data = _input(edit_serializers.ClaimCreateInputSerializer, request)
        claim = edits.claim_add(actor=request.user, **data)
        return Response(claim_detail_json(claim.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=edit_serializers.ClaimEditInputSerializer, responses=CLAIM_DETAIL)
    def partial_update(self, request, pk=None):
        """Change the wording to publish (`claim_text`; the text as found is kept) and the
        triage details (priority, due date, resolved speaker, claim type), all or nothing.
        The history gets the old and new values."""
        claim = self._claim(pk)
        data = _input(edit_serializers.ClaimEditInputSerializer, request)
        version = data.pop("version")
        claim = claim_services.claim_edit(
            claim=claim, actor=request.user, changes=data, expected_version=version
        )
        return self._answer(claim)

    @extend_schema(request=s.TransitionInputSerializer, responses=CLAIM_DETAIL)
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
        claim = get_object_or_404(selectors.claims_with_evidence(), pk=pk)
        options = workflow.available_transitions(claim, request.user)
        serializer = s.TransitionOptionSerializer()
        return Response([serializer.to_representation(t) for t in options])

    @extend_schema(request=s.AssignInputSerializer, responses=CLAIM_DETAIL)
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

    @extend_schema(request=s.VerdictInputSerializer, responses=CLAIM_DETAIL)
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

    @extend_schema(request=s.DuplicateInputSerializer, responses=CLAIM_DETAIL)
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

    @extend_schema(request=s.ClaimSpeakerInputSerializer, responses=CLAIM_DETAIL)
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

    @extend_schema(methods=["GET"], responses=serializer("Evidence", r.EVIDENCE, many=True))
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
            row = selectors.evidence_rows(claim.pk, r.EVIDENCE_COLUMNS).get(pk=evidence.pk)
            added = {**r.evidence_json(row), "version": evidence.claim.version}
            return Response(added, status=status.HTTP_201_CREATED)
        rows = selectors.evidence_rows(claim.pk, r.EVIDENCE_COLUMNS)
        return Response([r.evidence_json(row) for row in rows])

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
        comments = selectors.claim_comments(claim.pk)
        return Response(s.CommentSerializer(comments, many=True).data)

    @extend_schema(responses=s.ClaimEventSerializer(many=True))
    @action(detail=True, methods=["get"], **NESTED)
    def history(self, request, pk=None):
        """The claim's append-only history, oldest first."""
        claim = self._claim(pk)
        events = selectors.claim_history(claim.pk)
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
