"""Input and output shapes of the API.

Input serializers check types and choices only; the rules live in claims.services and
claims.workflow. The claim list and detail serializers declare their fields for the schema
but build their JSON by hand from exactly the columns the selectors fetch (see
`CLAIM_LIST_COLUMNS`): the claim list is the hot path, and generic field-by-field
serialization was most of its cost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import workflow
from claims.models import (
    Claim,
    ClaimEvent,
    ClaimType,
    Comment,
    Document,
    DocumentKind,
    ExtractionJob,
    Notification,
    Priority,
    Rating,
    Speaker,
    SpeakerKind,
    Stance,
)
from claims.validators import MAX_ID
from claims.workflow import Status

User = get_user_model()


def iso(value: datetime | None) -> str | None:
    """As DRF's DateTimeField writes it (settings.TIME_ZONE is UTC): ISO 8601, Z for UTC."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="The claim's version as you loaded it; a newer one answers 409.",
    )


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- Small references ---


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class RatingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    value = serializers.IntegerField()


# --- Claims ---

# The columns of the claim list, fetched with .values(): one query, no model instances.
CLAIM_LIST_COLUMNS = (
    "id",
    "text",
    "speaker",
    "speaker_resolved",
    "speaker_ref_id",
    "claim_type",
    "is_quote",
    "score",
    "status",
    "priority",
    "due_at",
    "version",
    "created_at",
    "updated_at",
    "published_at",
    "document_id",
    "document__title",
    "assignee_id",
    "assignee__username",
    "rating_id",
    "rating__name",
    "rating__slug",
    "rating__value",
)


class ClaimListSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    speaker = serializers.CharField(read_only=True, help_text="As written in the text.")
    speaker_resolved = serializers.CharField(read_only=True, help_text="Full name.")
    speaker_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The Speaker (/api/v1/speakers/{id}/)."
    )
    claim_type = serializers.ChoiceField(ClaimType.choices, read_only=True)
    is_quote = serializers.BooleanField(read_only=True)
    score = serializers.FloatField(read_only=True, help_text="Check-worthiness, 0 to 1.")
    status = serializers.ChoiceField(Status.choices, read_only=True)
    priority = serializers.ChoiceField(Priority.choices, read_only=True)
    due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    document = DocumentRefSerializer(read_only=True)
    assignee = UserRefSerializer(read_only=True, allow_null=True)
    rating = RatingRefSerializer(read_only=True, allow_null=True)

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": row["id"],
            "text": row["text"],
            "speaker": row["speaker"],
            "speaker_resolved": row["speaker_resolved"],
            "speaker_id": row["speaker_ref_id"],
            "claim_type": row["claim_type"],
            "is_quote": row["is_quote"],
            "score": row["score"],
            "status": row["status"],
            "priority": row["priority"],
            "due_at": iso(row["due_at"]),
            "version": row["version"],
            "created_at": iso(row["created_at"]),
            "updated_at": iso(row["updated_at"]),
            "published_at": iso(row["published_at"]),
            "document": {"id": row["document_id"], "title": row["document__title"]},
            "assignee": None
            if row["assignee_id"] is None
            else {"id": row["assignee_id"], "username": row["assignee__username"]},
            "rating": None
            if row["rating_id"] is None
            else {
                "id": row["rating_id"],
                "name": row["rating__name"],
                "slug": row["rating__slug"],
                "value": row["rating__value"],
            },
        }


class DocumentSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    publisher = serializers.CharField()
    author = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    kind = serializers.ChoiceField(DocumentKind.choices)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    publisher = serializers.CharField(read_only=True)
    excerpt = serializers.CharField(read_only=True)
    stance = serializers.ChoiceField(Stance.choices, read_only=True)
    added_by = UserRefSerializer(read_only=True, allow_null=True)
    added_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        return evidence_representation(row)


# The columns of the claim detail, fetched with .values() (the document's text stays in
# its table); evidence comes in a second query (EVIDENCE_COLUMNS).
CLAIM_DETAIL_COLUMNS = (
    *CLAIM_LIST_COLUMNS,
    "start",
    "end",
    "reasons",
    "entities",
    "quantities",
    "extractor_version",
    "job_id",
    "first_published_at",
    "slug",
    "verdict_summary",
    "verdict_explanation",
    "duplicate_of_id",
    "document__url",
    "document__publisher",
    "document__author",
    "document__published_at",
    "document__kind",
    "submitted_by_id",
    "submitted_by__username",
)
EVIDENCE_COLUMNS = (
    "id",
    "url",
    "title",
    "publisher",
    "excerpt",
    "stance",
    "added_by_id",
    "added_by__username",
    "added_at",
)


class ClaimDetailSerializer(ClaimListSerializer):
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    reasons = serializers.JSONField(read_only=True, help_text="The features that fired.")
    entities = serializers.JSONField(read_only=True)
    quantities = serializers.JSONField(read_only=True)
    extractor_version = serializers.CharField(read_only=True)
    job = serializers.IntegerField(read_only=True, allow_null=True)
    verdict_summary = serializers.CharField(read_only=True)
    verdict_explanation = serializers.CharField(read_only=True)
    first_published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    slug = serializers.CharField(read_only=True)
    duplicate_of = serializers.IntegerField(read_only=True, allow_null=True)
    submitted_by = UserRefSerializer(read_only=True, allow_null=True)
    document = DocumentSummarySerializer(read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        """`row`: CLAIM_DETAIL_COLUMNS, plus "evidence": a list of EVIDENCE_COLUMNS rows."""
        data = super().to_representation(row)
        data.update(
            {
                "start": row["start"],
                "end": row["end"],
                "reasons": row["reasons"],
                "entities": row["entities"],
                "quantities": row["quantities"],
                "extractor_version": row["extractor_version"],
                "job": row["job_id"],
                "first_published_at": iso(row["first_published_at"]),
                "slug": row["slug"],
                "verdict_summary": row["verdict_summary"],
                "verdict_explanation": row["verdict_explanation"],
                "duplicate_of": row["duplicate_of_id"],
                "document": {
                    "id": row["document_id"],
                    "title": row["document__title"],
                    "url": row["document__url"],
                    "publisher": row["document__publisher"],
                    "author": row["document__author"],
                    "published_at": iso(row["document__published_at"]),
                    "kind": row["document__kind"],
                },
                "submitted_by": None
                if row["submitted_by_id"] is None
                else {"id": row["submitted_by_id"], "username": row["submitted_by__username"]},
                "evidence": [evidence_representation(e) for e in row["evidence"]],
            }
        )
        return data


def evidence_representation(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "url": row["url"],
        "title": row["title"],
        "publisher": row["publisher"],
        "excerpt": row["excerpt"],
        "stance": row["stance"],
        "added_by": None
        if row["added_by_id"] is None
        else {"id": row["added_by_id"], "username": row["added_by__username"]},
        "added_at": iso(row["added_at"]),
    }


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "enum": ["me"]},
        ],
        "nullable": True,
        "description": 'A user id, "me", or null to unassign.',
    }
)
class AssigneeField(serializers.Field):
    """A user id, "me", or null; answers the user (or None)."""

    default_error_messages = {
        "invalid": 'Give a user id, "me", or null to unassign.',
        "missing": "There is no user with id {value}.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if data == "me":
            return self.context["request"].user
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        try:
            pk = int(data)
        except ValueError:
            self.fail("invalid")
        if not 0 < pk <= MAX_ID:
            self.fail("missing", value=pk)
        user = User.objects.filter(pk=pk, is_active=True).first()
        if user is None:
            self.fail("missing", value=pk)
        return user

    def to_representation(self, value):
        return None if value is None else value.pk


class ClaimUpdateInputSerializer(serializers.Serializer):
    version = version_field()
    priority = serializers.ChoiceField(Priority.choices, required=False)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    speaker_resolved = serializers.CharField(required=False, allow_blank=True, max_length=200)
    claim_type = serializers.ChoiceField(ClaimType.choices, required=False)


class ClaimSpeakerInputSerializer(serializers.Serializer):
    speaker = id_field(
        required=False, allow_null=True, default=None, help_text="A speaker id; or give `name`."
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="A full name: the known speaker, or a new one. Neither: clear the speaker.",
    )
    kind = serializers.ChoiceField(
        SpeakerKind.choices, required=False, default="", help_text="For a new speaker."
    )
    version = version_field()

    def validate_speaker(self, value):
        if value is None:
            return None
        speaker = Speaker.objects.filter(pk=value).first()
        if speaker is None:
            raise serializers.ValidationError(f"There is no speaker with id {value}.")
        return speaker


class TransitionInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)
    version = version_field()


class AssignInputSerializer(serializers.Serializer):
    assignee = AssigneeField()
    version = version_field()


class VerdictInputSerializer(serializers.Serializer):
    rating = id_field(allow_null=True, help_text="A rating id, or null to clear it.")
    verdict_summary = serializers.CharField(required=False, allow_blank=True, default="")
    verdict_explanation = serializers.CharField(required=False, allow_blank=True, default="")
    version = version_field()

    def validate_rating(self, value):
        if value is None:
            return None
        rating = Rating.objects.filter(pk=value).first()
        if rating is None:
            raise serializers.ValidationError(f"There is no rating with id {value}.")
        return rating


class DuplicateInputSerializer(serializers.Serializer):
    duplicate_of = id_field(allow_null=True, help_text="The original claim's id, or null.")
    version = version_field()

    def validate_duplicate_of(self, value):
        if value is None:
            return None
        original = Claim.objects.filter(pk=value).first()
        if original is None:
            raise serializers.ValidationError(f"There is no claim with id {value}.")
        return original


class EvidenceInputSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="The source, an http(s) address.")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    publisher = serializers.CharField(required=False, allow_blank=True, default="")
    excerpt = serializers.CharField(required=False, allow_blank=True, default="")
    stance = serializers.ChoiceField(Stance.choices, required=False, default=Stance.CONTEXT)


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)


class CommentSerializer(serializers.ModelSerializer):
    author = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "created_at"]


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ClaimEvent
        fields = ["id", "action", "actor", "from_status", "to_status", "note", "data", "created_at"]


class TransitionOptionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(Status.choices)
    label = serializers.CharField()
    needs_note = serializers.BooleanField()

    def to_representation(self, transition: workflow.Transition) -> dict[str, Any]:
        return {
            "to": str(transition.target),
            "label": transition.label,
            "needs_note": transition.needs_note,
        }


class BulkInputSerializer(serializers.Serializer):
    ids = serializers.ListField(child=id_field(), min_length=1, max_length=500)
    action = serializers.ChoiceField(["transition", "assign"])
    to = serializers.ChoiceField(Status.choices, required=False, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)
    assignee = AssigneeField(required=False, default=None)

    def validate(self, data):
        if data["action"] == "transition" and not data["to"]:
            raise serializers.ValidationError({"to": "Say which status to move the claims to."})
        if data["action"] == "assign" and "assignee" not in self.initial_data:
            raise serializers.ValidationError(
                {"assignee": 'Say who gets the claims: a user id, "me", or null to unassign.'}
            )
        return data


class BulkRefusalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField())
    refused = BulkRefusalSerializer(many=True)


# --- Documents and jobs ---


class JobSerializer(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField(read_only=True)
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = ExtractionJob
        fields = [
            "id",
            "document",
            "status",
            "extractor_version",
            "progress_done",
            "progress_total",
            "progress_percent",
            "attempts",
            "error",
            "sentences",
            "claims_found",
            "claims_created",
            "extract_seconds",
            "save_seconds",
            "duration_seconds",
            "created_at",
            "enqueued_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class DocumentListSerializer(serializers.ModelSerializer):
    created_by = UserRefSerializer(read_only=True, allow_null=True)
    claims_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "author",
            "published_at",
            "kind",
            "language",
            "created_by",
            "created_at",
            "claims_count",
        ]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentListSerializer):
    claims = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField(help_text="The latest extraction job.")

    class Meta(DocumentListSerializer.Meta):
        fields = [*DocumentListSerializer.Meta.fields, "content_hash", "text", "job", "claims"]
        read_only_fields = fields

    @extend_schema_field(ClaimListSerializer(many=True))
    def get_claims(self, document: Document) -> list[dict]:
        rows = Claim.objects.filter(document=document).order_by("start").values(*CLAIM_LIST_COLUMNS)
        serializer = ClaimListSerializer()
        return [serializer.to_representation(row) for row in rows]

    @extend_schema_field(JobSerializer(allow_null=True))
    def get_job(self, document: Document) -> dict | None:
        job = self.context.get("job") or document.latest_job
        return JobSerializer(job).data if job else None


class DocumentInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The article or transcript. Leave empty to fetch it from `url`.",
    )
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default="",
        help_text="Where the document comes from; fetched (public http(s) only) when no "
        "text is given.",
    )
    title = serializers.CharField(required=False, allow_blank=True, default="")
    publisher = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    author = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    published_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(
        DocumentKind.choices, required=False, default=DocumentKind.ARTICLE
    )
    language = serializers.CharField(required=False, default="en", max_length=10)

    def validate(self, data):
        if not data["text"].strip() and not (data["url"] or "").strip():
            raise serializers.ValidationError(
                {"text": "Give the text of the document, or a url to fetch it from."}
            )
        return data


# --- Ratings, notifications, the caller ---


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "name", "slug", "value", "description"]
        read_only_fields = fields


class RatingInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    slug = serializers.SlugField(max_length=50, required=False, allow_blank=True)
    value = serializers.IntegerField(min_value=0, max_value=100)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)


class NotificationSerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "claim", "actor", "created_at", "read_at"]
        read_only_fields = fields


class NotificationReadInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=id_field(),
        required=False,
        max_length=1000,
        help_text="The notifications to mark read; all unread ones when left out.",
    )


class NotificationReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    is_superuser = serializers.BooleanField()
    roles = serializers.ListField(
        child=serializers.ChoiceField(["researcher", "editor"]),
        help_text="The newsroom roles: what the workflow lets this user do.",
    )
    unread_notifications = serializers.IntegerField()

    def to_representation(self, user) -> dict[str, Any]:
        return {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_superuser": user.is_superuser,
            "roles": sorted(role.value for role in workflow.roles_of(user)),
            "unread_notifications": Notification.objects.filter(
                recipient=user, read_at__isnull=True
            ).count(),
        }


# --- Public ClaimReview ---

CLAIM_REVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A schema.org ClaimReview (JSON-LD), as embedded in the public page.",
    "required": ["@context", "@type", "url", "claimReviewed", "author", "itemReviewed"],
    "properties": {
        "@context": {"type": "string"},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string"},
        "claimReviewed": {"type": "string"},
        "headline": {"type": "string"},
        "datePublished": {"type": "string", "format": "date", "nullable": True},
        "dateModified": {"type": "string", "format": "date"},
        "author": {
            "type": "object",
            "properties": {
                "@type": {"type": "string"},
                "name": {"type": "string"},
                "url": {"type": "string"},
            },
        },
        "reviewRating": {
            "type": "object",
            "properties": {
                "@type": {"type": "string"},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "alternateName": {"type": "string"},
            },
        },
        "itemReviewed": {
            "type": "object",
            "properties": {
                "@type": {"type": "string"},
                "author": {"type": "object"},
                "datePublished": {"type": "string", "format": "date"},
                "appearance": {"type": "object"},
            },
        },
    },
}
