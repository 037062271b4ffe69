"""/api/v1/speakers/: the people and organisations who make claims. Everyone on the team
reads them; editors change and merge them (claims.speakers decides, through
claims.workflow). A speaker's claims are /api/v1/claims/?speaker=<id>."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from claims import selectors, speakers
from claims.api.filters import FilterSet
from claims.api.views import ID_REGEX, NESTED, ApiMixin, _input
from claims.models import Speaker, SpeakerKind
from claims.validators import MAX_ID


class SpeakerSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True, help_text="Claims by this speaker.")
    published_count = serializers.IntegerField(
        read_only=True, help_text="Their published fact-checks."
    )
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Speaker
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "aliases",
            "role",
            "party",
            "created_at",
            "claim_count",
            "published_count",
        ]
        read_only_fields = fields


class SpeakerUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=200)
    kind = serializers.ChoiceField(SpeakerKind.choices, required=False)
    role = serializers.CharField(required=False, allow_blank=True, max_length=200)
    party = serializers.CharField(required=False, allow_blank=True, max_length=100)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=speakers.MAX_ALIASES,
        help_text="Other full names (replaces the list). A rename keeps the old name here.",
    )


class SpeakerMergeInputSerializer(serializers.Serializer):
    target = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The id of the speaker who stays."
    )

    def validate_target(self, value):
        target = Speaker.objects.filter(pk=value).first()
        if target is None:
            raise serializers.ValidationError(f"There is no speaker with id {value}.")
        return target


class SpeakerFilter(FilterSet):
    q = django_filters.CharFilter(
        method="filter_noop", max_length=200, label="Name, alias, role or party contains."
    )
    kind = django_filters.ChoiceFilter(choices=SpeakerKind.choices, method="filter_noop")

    class Meta:
        model = Speaker
        fields: list[str] = []

    def filter_noop(self, queryset, name, value):
        return queryset  # applied by the selector (speakers_list), validated here


class SpeakerViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Speakers, by name, with their numbers of claims and published fact-checks."""

    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilter
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        params = self.request.query_params if self.action == "list" else {}
        return selectors.speakers_list(q=params.get("q", "")[:200], kind=params.get("kind", ""))

    def _answer(self, speaker: Speaker) -> Response:
        return Response(SpeakerSerializer(self.get_queryset().get(pk=speaker.pk)).data)

    @extend_schema(request=SpeakerUpdateInputSerializer, responses=SpeakerSerializer)
    def partial_update(self, request, pk=None):
        """Change or rename a speaker (editors). A rename rewrites their claims' speaker
        name and records it in each claim's history."""
        speaker = get_object_or_404(Speaker, pk=pk)
        data = _input(SpeakerUpdateInputSerializer, request)
        speaker = speakers.speaker_update(speaker=speaker, actor=request.user, **data)
        return self._answer(speaker)

    @extend_schema(request=SpeakerMergeInputSerializer, responses=SpeakerSerializer)
    @action(detail=True, methods=["post"], **NESTED)
    def merge(self, request, pk=None):
        """Merge this speaker into `target` (editors): the claims (each with a history row),
        names and details move there and this speaker is deleted. Answers the speaker who
        stays."""
        source = get_object_or_404(Speaker, pk=pk)
        target = _input(SpeakerMergeInputSerializer, request)["target"]
        return self._answer(
            speakers.speaker_merge(source=source, target=target, actor=request.user)
        )
