"""Exports: GET /api/v1/claims/export/?format=csv|jsonl (the claim list's filters and
ordering) and GET /api/v1/claims/{id}/history/export/ (a claim's history as CSV), streamed.
The triage page links here, so a browser session downloads the same files."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from claims import exports
from claims.api.filters import ClaimFilter
from claims.api.pagination import CLAIM_ORDERING_CHOICES, DEFAULT_CLAIM_ORDERING
from claims.api.views import ApiMixin
from claims.models import Claim

FORMATS = tuple(exports.CONTENT_TYPES)


class JsonAnswersMixin:
    """`?format=` names the file's format here, not one of DRF's renderers: the views answer
    a stream themselves, and anything else (an error) as JSON."""

    def perform_content_negotiation(self, request, force=False):
        del force  # DRF's signature; there is nothing to fall back from
        return JSONRenderer(), JSONRenderer.media_type


class ClaimExportView(JsonAnswersMixin, ApiMixin, generics.GenericAPIView):
    queryset = Claim.objects.all()
    # The claim list's filters, through the same (default) filter backend.
    filterset_class = ClaimFilter

    @extend_schema(
        filters=True,  # the claim list's filters, though the answer is one file
        parameters=[
            OpenApiParameter("format", str, enum=FORMATS, description="csv (default) or jsonl."),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="A CSV file."),
            (200, "application/x-ndjson"): OpenApiResponse(
                OpenApiTypes.STR, description="One JSON object a line."
            ),
        },
    )
    def get(self, request):
        """Every claim the claim list would show for these filters, as one file: CSV
        (formula-safe cells) or JSON lines. Streamed, not paginated."""
        file_format = request.query_params.get("format") or "csv"
        if file_format not in FORMATS:
            raise ValidationError({"format": [f"Give one of: {', '.join(FORMATS)}."]})
        ordering = request.query_params.get("ordering") or DEFAULT_CLAIM_ORDERING
        if ordering not in CLAIM_ORDERING_CHOICES:
            raise ValidationError(
                {"ordering": [f"Give one of: {', '.join(CLAIM_ORDERING_CHOICES)}."]}
            )
        claims = self.filter_queryset(self.get_queryset())
        lines = exports.claim_export(claims, file_format, ordering)
        return exports.streaming_response(lines, file_format, f"claims.{file_format}")


class ClaimHistoryExportView(JsonAnswersMixin, ApiMixin, generics.GenericAPIView):
    queryset = Claim.objects.all()

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request, pk):
        """The claim's append-only history, oldest first, as CSV."""
        claim = generics.get_object_or_404(Claim.objects.only("id"), pk=pk)
        return exports.streaming_response(
            exports.claim_history_csv(claim.pk), "csv", f"claim-{claim.pk}-history.csv"
        )
