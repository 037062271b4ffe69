"""OpenAPI: every operation lists the error answers it can give, in the shapes that
claims.api.exceptions produces."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

FIELD_ERRORS = {
    "type": "object",
    "description": "The fields that are wrong, each with messages a person can act on "
    '(e.g. {"url": ["Give a complete http:// or https:// address."]}); '
    "or a workflow refusal ({detail, field}).",
    "additionalProperties": True,
}
DETAIL = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string", "nullable": True},
    },
    "required": ["detail"],
}
CONFLICT = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string", "nullable": True},
        "current_version": {"type": "integer"},
    },
    "required": ["detail", "current_version"],
}

ERRORS = {
    "400": OpenApiResponse(FIELD_ERRORS, description="Invalid input, or a workflow guard refused"),
    "401": OpenApiResponse(DETAIL, description="Not authenticated (send Authorization: Token ...)"),
    "403": OpenApiResponse(DETAIL, description="The caller's role does not allow this"),
    "404": OpenApiResponse(DETAIL, description="No such object, or not visible to the caller"),
    "405": OpenApiResponse(DETAIL, description="Method not allowed"),
    "406": OpenApiResponse(DETAIL, description="Cannot answer in an accepted content type"),
    "409": OpenApiResponse(CONFLICT, description="The claim changed since this version"),
    "415": OpenApiResponse(DETAIL, description="Unsupported request content type"),
}


class FactcheckAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["400", "404", "405", "406"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        if not getattr(self.view, "public", False):
            codes += ["401", "403"]
        if getattr(self.view, "action", None) in getattr(self.view, "versioned_actions", ()):
            codes.append("409")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(ERRORS[code], code)
        return dict(sorted(responses.items()))
