"""/api/v1/scorer/: the learned scorer's versions, activation, rollback, training and
re-scoring jobs. Reads for the team; the actions are for editors (claims.workflow)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import scorers
from claims.api import scorer_serializers as s
from claims.api.views import ID_REGEX, ApiMixin
from claims.models import Document, ScorerJob
from claims.selectors import scorer as scorer_selectors

NO_PAGES = {"pagination_class": None, "filter_backends": []}


class ScorerModelViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Scorer model versions, newest first, with their cross-validated metrics."""

    serializer_class = s.ScorerModelSerializer
    lookup_field = "version"
    lookup_value_regex = ID_REGEX
    pagination_class = None

    def get_queryset(self):
        return scorer_selectors.scorer_models()

    @extend_schema(request=None, responses={200: s.ScorerModelSerializer})
    @action(detail=True, methods=["post"], **NO_PAGES)
    def activate(self, request, version=None):
        """Make this version the active scorer (editors)."""
        model = scorers.scorer_activate(model=self.get_object(), actor=request.user)
        return Response(s.ScorerModelSerializer(model).data)

    @extend_schema(request=None, responses={200: s.RollbackResultSerializer})
    @action(detail=False, methods=["post"], **NO_PAGES)
    def rollback(self, request):
        """Go back to the version active before this one, or the rule scorer (editors)."""
        model = scorers.scorer_rollback(actor=request.user)
        return Response({"active": s.ScorerModelSerializer(model).data if model else None})

    @extend_schema(
        request=s.TrainInputSerializer,
        responses={202: OpenApiResponse(s.ScorerJobSerializer, description="Training queued.")},
    )
    @action(detail=False, methods=["post"], **NO_PAGES)
    def train(self, request):
        """Train a new version in the worker (editors); follow the job for progress."""
        data = s.TrainInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = scorers.scorer_train_start(actor=request.user, **data.validated_data)
        job.refresh_from_db()
        return Response(s.ScorerJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=s.RescoreInputSerializer,
        responses={202: OpenApiResponse(s.ScorerJobSerializer, description="Re-scoring queued.")},
    )
    @action(detail=False, methods=["post"], **NO_PAGES)
    def rescore(self, request):
        """Re-score the new claims (of one document, or all) with the active scorer (editors)."""
        data = s.RescoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = None
        if data.validated_data.get("document"):
            document = get_object_or_404(
                Document.objects.only("id"), pk=data.validated_data["document"]
            )
        job = scorers.claims_rescore(document=document, actor=request.user)
        job.refresh_from_db()
        return Response(s.ScorerJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ScorerJobViewSet(ApiMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Training and re-scoring jobs: status, progress, result or error."""

    queryset = ScorerJob.objects.select_related("model", "created_by").defer("model__params")
    serializer_class = s.ScorerJobSerializer
    lookup_value_regex = ID_REGEX


class ScorerOverviewView(ApiMixin, APIView):
    """The scorer in use: the active model with its metrics and calibration, the extraction
    threshold, the labelled sentences by source, and the decisions made since training."""

    @extend_schema(responses={200: s.ScorerOverviewSerializer})
    def get(self, request):
        return Response(s.ScorerOverviewSerializer(scorer_selectors.scorer_overview()).data)
