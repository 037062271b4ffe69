"""API of "seen before": search, suggestions (list, confirm, reject, resolve) and the
external fact-check archive (list, import). Parse, call a service or a selector, serialize."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import seen, suggestions
from claims.api import seen_serializers as s
from claims.api.claim_views import CLAIM_DETAIL, claim_detail_json
from claims.api.parsers import JSONParser
from claims.api.views import ID_REGEX, NESTED, ApiMixin
from claims.factchecks import factchecks_import

# An archive file may be larger than a document (PolitiFact's 19,250 checks are 4.6 MB).
IMPORT_MAX_BYTES = 50 * 1024 * 1024


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class SearchView(ApiMixin, APIView):
    @extend_schema(parameters=[s.SearchQuerySerializer], responses=s.MatchSerializer(many=True))
    def get(self, request):
        """Own claims and other organisations' fact-checks ranked against `q` (the ranking
        of "seen before"), optionally narrowed by source and publisher."""
        data = _query(s.SearchQuerySerializer, request)
        matches = seen.search_archive(
            data["q"],
            source=data.get("source", ""),
            publisher=data.get("publisher", ""),
            limit=data["limit"],
        )
        return Response([s.match_data(m) for m in matches])


class SuggestionViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Seen-before suggestions: a claim probably (or loosely) checked before."""

    lookup_value_regex = ID_REGEX
    serializer_class = s.SuggestionSerializer

    def get_queryset(self):
        if self.action != "list":
            return seen.suggestion_queue(state="")
        data = _query(s.SuggestionFilterSerializer, self.request)
        return seen.suggestion_queue(
            state=data["state"],
            document=data.get("document"),
            speaker=data.get("speaker", ""),
            level=data.get("level", ""),
        )

    @extend_schema(
        parameters=[s.SuggestionFilterSerializer], responses=s.SuggestionSerializer(many=True)
    )
    def list(self, request):
        """The review queue: open suggestions (or another state), highest score first."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([s.suggestion_data(x) for x in page])

    def retrieve(self, request, pk=None):
        return Response(s.suggestion_data(self.get_object()))

    def _decide(self, request, pk, service):
        suggestion = self.get_object()
        data = s.DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(suggestion=suggestion, actor=request.user, note=data.validated_data["note"])
        return Response(s.suggestion_data(self.get_queryset().get(pk=suggestion.pk)))

    @extend_schema(request=s.DecisionInputSerializer, responses=s.SuggestionSerializer)
    @action(detail=True, methods=["post"], **NESTED)
    def confirm(self, request, pk=None):
        """The claim was checked before: a duplicate of our claim, or "already checked by"
        the external publisher (recorded on the claim, with history)."""
        return self._decide(request, pk, suggestions.suggestion_confirm)

    @extend_schema(request=s.DecisionInputSerializer, responses=s.SuggestionSerializer)
    @action(detail=True, methods=["post"], **NESTED)
    def reject(self, request, pk=None):
        """Not the same claim; remembered, never suggested again."""
        return self._decide(request, pk, suggestions.suggestion_reject)

    @extend_schema(request=s.ResolveInputSerializer, responses=CLAIM_DETAIL)
    @action(detail=True, methods=["post"], **NESTED)
    def resolve(self, request, pk=None):
        """From a confirmed match with a published verdict: dismiss or fast-track the claim."""
        suggestion = self.get_object()
        data = s.ResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = suggestions.claim_resolve_seen_before(
            suggestion=suggestion,
            action=data.validated_data["action"],
            actor=request.user,
            note=data.validated_data["note"],
            expected_version=data.validated_data["version"],
        )
        return Response(claim_detail_json(claim.pk))


class ExternalFactCheckViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Fact-checks published by other organisations: matched against, never worked on."""

    lookup_value_regex = ID_REGEX
    serializer_class = s.ExternalFactCheckSerializer

    def get_queryset(self):
        if self.action != "list":
            return seen.external_fact_checks()
        data = _query(s.ExternalFilterSerializer, self.request)
        return seen.external_fact_checks(publisher=data.get("publisher", ""), q=data.get("q", ""))

    @extend_schema(parameters=[s.ExternalFilterSerializer])
    def list(self, request):
        return super().list(request)

    @extend_schema(
        request={
            "multipart/form-data": s.ImportFileSerializer,
            "application/json": OpenApiTypes.OBJECT,
        },
        responses={
            201: OpenApiResponse(s.ImportResultSerializer, description="Some were new."),
            200: OpenApiResponse(s.ImportResultSerializer, description="Nothing new."),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[JSONParser, MultiPartParser],
        **NESTED,
    )
    def import_(self, request):
        """Import ClaimReview JSON-LD (the body, or an uploaded file: JSON-LD, an HTML page
        with embedded JSON-LD, or the lab's TSV). Editors only. Bad records are listed in
        `errors` and skipped; the rest are imported (idempotent by URL or id)."""
        if request.content_type.startswith("multipart/"):
            form = s.ImportFileSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            upload = form.validated_data["file"]
            if upload.size > IMPORT_MAX_BYTES:
                raise ValidationError({"file": f"Larger than {IMPORT_MAX_BYTES // 2**20} MB."})
            data, filename = upload.read(), upload.name
            source = form.validated_data.get("source", "")
            publisher = form.validated_data.get("publisher", "")
        else:
            # The JSON-LD body as sent; parsing it checks it is JSON (400 otherwise).
            data, filename, source, publisher = request.body, "", "api", ""
            request.data  # noqa: B018
        result = factchecks_import(
            data=data, filename=filename, source=source, publisher=publisher, actor=request.user
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(result.as_dict(), status=code)
