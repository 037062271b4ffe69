"""OpenAPI: every operation lists the error answers it can give, in the shapes that
claims.api.exceptions produces."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

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
    "400": (FIELD_ERRORS, "Invalid input, or a workflow guard refused"),
    "401": (DETAIL, "Not authenticated (send Authorization: Token ...)"),
    "403": (DETAIL, "The caller's role does not allow this"),
    "404": (DETAIL, "No such object, or not visible to the caller"),
    "405": (DETAIL, "Method not allowed"),
    "406": (DETAIL, "Cannot answer in an accepted content type"),
    "409": (CONFLICT, "The claim changed since this version"),
    "415": (DETAIL, "Unsupported request content type"),
}


class FactcheckAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, adding to each operation the error answers it can
    give (those it does not document itself)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:  # an excluded endpoint
            return None
        codes = ["400", "404", "405", "406"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        if not getattr(self.view, "public", False):
            codes += ["401", "403"]
        if getattr(self.view, "action", None) in getattr(self.view, "versioned_actions", ()):
            codes.append("409")
        responses = operation.setdefault("responses", {})
        for code in codes:
            if code not in responses:
                schema, description = ERRORS[code]
                responses[code] = {
                    "content": {"application/json": {"schema": schema}},
                    "description": description,
                }
        operation["responses"] = dict(sorted(responses.items()))
        return operation
