"""One place that turns service and workflow errors into JSON answers.

- django.core.exceptions.ValidationError (services' input errors) -> 400 {"field": ["message"]}
- claims.workflow.WorkflowError -> 400 (a guard failed), 403 (the role is missing) or
  409 (stale version) by the one map in claims.errors, as
  {"detail": message, "field": field, "current_version": n}
- everything DRF knows (its own ValidationError, 401, 403, 404, 405, 415...) as DRF answers it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.errors import StaleVersion, WorkflowError, http_status


def validation_error_data(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        data = {field: list(messages) for field, messages in error.message_dict.items()}
        if NON_FIELD_ERRORS in data:
            data["non_field_errors"] = data.pop(NON_FIELD_ERRORS)
        return data
    return {"non_field_errors": list(error.messages)}


def workflow_error_data(error: WorkflowError) -> dict:
    data: dict = {"detail": error.message, "field": error.field}
    if isinstance(error, StaleVersion):
        data["current_version"] = error.current_version
    return data


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {
                "detail": "The request body is too large: send a document of at most "
                f"{settings.DOCUMENT_MAX_BYTES // 1024:,} KB."
            },
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_data(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, WorkflowError):
        return Response(
            workflow_error_data(exc),
            status=http_status(exc),
        )
    return drf_exception_handler(exc, context)
