"""Shapes of the scorer endpoints (/api/v1/scorer/...)."""

from __future__ import annotations

from rest_framework import serializers

from claims.models import ScorerJob, ScorerModel


class ScorerModelSerializer(serializers.ModelSerializer):
    """A model version without its parameters (they are large, and only the worker needs them)."""

    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    activated_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    previous = serializers.SlugRelatedField(slug_field="version", read_only=True, allow_null=True)

    class Meta:
        model = ScorerModel
        fields = [
            "version",
            "is_active",
            "trained_from",
            "metrics",
            "counts",
            "previous",
            "created_by",
            "created_at",
            "activated_by",
            "activated_at",
        ]
        read_only_fields = fields


class ScorerJobSerializer(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField(read_only=True)
    model = serializers.SlugRelatedField(slug_field="version", read_only=True, allow_null=True)
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ScorerJob
        fields = [
            "id",
            "kind",
            "status",
            "options",
            "document",
            "model",
            "progress_done",
            "progress_total",
            "progress_percent",
            "result",
            "error",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class TrainInputSerializer(serializers.Serializer):
    from_imports = serializers.BooleanField(default=True)
    from_decisions = serializers.BooleanField(default=True)
    activate = serializers.BooleanField(default=False)

    def validate(self, attrs):
        if not (attrs["from_imports"] or attrs["from_decisions"]):
            raise serializers.ValidationError(
                {"from_imports": "Choose at least one source of labels."}
            )
        return attrs


class RescoreInputSerializer(serializers.Serializer):
    document = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Only this document's claims."
    )


class RollbackResultSerializer(serializers.Serializer):
    active = ScorerModelSerializer(allow_null=True, help_text="Now active; null: the rule scorer.")


class LabelCountSerializer(serializers.Serializer):
    origin = serializers.CharField(help_text="import or decision")
    source = serializers.CharField()
    total = serializers.IntegerField()
    positives = serializers.IntegerField()


class ScorerOverviewSerializer(serializers.Serializer):
    active = ScorerModelSerializer(allow_null=True, help_text="null: the rule scorer is in use.")
    threshold = serializers.FloatField(help_text="The extraction threshold in use.")
    decisions_since = serializers.IntegerField(
        help_text="Triage decisions made since the active model was trained."
    )
    label_counts = LabelCountSerializer(many=True)
