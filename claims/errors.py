"""The refusals the rules raise, and the one map from their kind to an HTTP status that the
pages and the API both answer with."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class WorkflowError(Exception):
    """A step that is not allowed now. `code` tells the faces how to answer:
    "invalid" (400: a guard failed), "forbidden" (403: the user lacks the role),
    "conflict" (409: the claim changed since the user loaded it)."""

    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionRefused(WorkflowError):
    code = "forbidden"


class StaleVersion(WorkflowError):
    code = "conflict"

    def __init__(self, current_version: int):
        super().__init__(
            "This claim was changed by someone else since you loaded it "
            f"(now at version {current_version}). Reload it and try again.",
            field="version",
        )
        self.current_version = current_version


HTTP_STATUS = {"invalid": 400, "forbidden": 403, "conflict": 409}


def http_status(error: Exception) -> int:
    """The status a face answers a refusal or an input error with (input errors are 400)."""
    return HTTP_STATUS[error.code] if isinstance(error, WorkflowError) else 400


def error_message(error: Exception) -> str:
    """The refusal's or the input error's message, as one line for a person."""
    if isinstance(error, WorkflowError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
