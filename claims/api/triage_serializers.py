"""Answers of the API's triage steps.

Adding evidence or a comment answers the new row with the claim's version after it, so that
a client's next change to the claim sends the version it has to (adding evidence moves the
claim's version on; a comment leaves it) and no false 409 comes back. A bulk action is all
or nothing, and says which."""

from __future__ import annotations

from rest_framework import serializers

from claims.api import resources as r
from claims.api import serializers as s
from claims.api.shapes import Field, Int, serializer

VERSION_HELP = "The claim's version after this change: send it with your next change to it."


EvidenceAddedSerializer = serializer(
    "EvidenceAdded", (*r.EVIDENCE, Field("version", Int(help_text=VERSION_HELP)))
)


class CommentAddedSerializer(s.CommentSerializer):
    version = serializers.IntegerField(read_only=True, help_text=VERSION_HELP)

    class Meta(s.CommentSerializer.Meta):
        fields = [*s.CommentSerializer.Meta.fields, "version"]


class BulkOutcomeSerializer(s.BulkResultSerializer):
    applied = serializers.BooleanField(
        help_text="True: every claim was changed (done). False: some were refused (refused, "
        "each with its reason), so none was and done is empty."
    )
