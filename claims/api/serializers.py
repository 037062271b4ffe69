"""Input shapes of the API, and the output of the small, model-shaped answers (comments,
history, ratings, notifications, the caller).

Input serializers check types and choices only; the rules live in claims.services and
claims.workflow. The claims, evidence, documents and jobs are answered from one table
each (claims.api.resources).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import workflow
from claims.api.resources import USER_REF
from claims.api.shapes import serializer
from claims.models import (
    Claim,
    ClaimEvent,
    ClaimType,
    Comment,
    DocumentKind,
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


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="The claim's version as you loaded it; a newer one answers 409.",
    )


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- Claims ---


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
    author = serializer("UserRef", USER_REF, read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "created_at"]


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = serializer("UserRef", USER_REF, read_only=True, allow_null=True)

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
    actor = serializer("UserRef", USER_REF, read_only=True, allow_null=True)

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

    def to_representation(self, user, unread: int = 0) -> dict[str, Any]:
        return {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_superuser": user.is_superuser,
            "roles": sorted(role.value for role in workflow.roles_of(user)),
            "unread_notifications": unread,
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
