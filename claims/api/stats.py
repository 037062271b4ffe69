"""GET /api/v1/stats/: the statistics page's numbers as JSON (editors: the newsroom;
researchers: their own claims), from the same form and selectors as the page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import reporting_rules, workflow
from claims.api.views import ApiMixin
from claims.stats import claim_stats
from claims.stats_forms import StatsForm


class DayCountsSerializer(serializers.Serializer):
    date = serializers.DateField()
    found = serializers.IntegerField()
    selected = serializers.IntegerField()
    dismissed = serializers.IntegerField()
    published = serializers.IntegerField()


class TimingSerializer(serializers.Serializer):
    step = serializers.ChoiceField(["selection", "submission", "publication"])
    count = serializers.IntegerField()
    median_hours = serializers.FloatField(allow_null=True)
    p90_hours = serializers.FloatField(allow_null=True)


class SpeakerCountSerializer(serializers.Serializer):
    speaker = serializers.CharField()
    count = serializers.IntegerField()


class StatsSerializer(serializers.Serializer):
    period = serializers.DictField(help_text="start, end (exclusive) and the number of days.")
    totals = serializers.DictField(child=serializers.IntegerField())
    days = DayCountsSerializer(many=True)
    weeks = serializers.ListField(child=serializers.DictField(), help_text="week, published.")
    timings = TimingSerializer(many=True, help_text="Hours from extraction to each step.")
    verdicts = serializers.ListField(
        child=serializers.DictField(), help_text="rating, slug, value, count (published)."
    )
    in_progress = serializers.ListField(
        child=serializers.DictField(), help_text="researcher, in_progress, overdue (now)."
    )
    overdue = serializers.IntegerField()
    top_speakers_published = SpeakerCountSerializer(many=True)
    top_speakers_false = SpeakerCountSerializer(many=True)
    jobs = serializers.DictField(help_text="count, failed, median_seconds.")


class StatsView(ApiMixin, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("days", int, enum=[7, 30, 90], description="Default 30."),
            OpenApiParameter("start", str, description="From this date (YYYY-MM-DD), with end."),
            OpenApiParameter("end", str, description="To this date, included."),
            OpenApiParameter(
                "speaker", str, description="Only this speaker's claims: a number or full name."
            ),
            OpenApiParameter("source", str, description="Only documents of this publisher."),
        ],
        responses=StatsSerializer,
    )
    def get(self, request):
        """Claims found, triaged and published, timings, verdicts, work in progress, top
        speakers and extraction jobs over a period."""
        workflow.enforce(reporting_rules.stats_refusal(request.user))
        form = StatsForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        scope = reporting_rules.stats_scope(request.user)
        stats = claim_stats(form.stats_filter(scope_user=scope))
        return Response(StatsSerializer(stats).data)
