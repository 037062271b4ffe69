"""What every editor page shares: the team check, pagination, errors onto forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest

from claims import workflow
from claims.workflow import WorkflowError

try:  # Django 6's CSP middleware hands each response its nonce
    from django.middleware.csp import get_nonce as csp_nonce
except ImportError:  # Django 5.2: factcheck.headers sends the policy without a nonce

    def csp_nonce(request: HttpRequest) -> None:
        return None


PAGE_SIZE = 20
DASHBOARD_PAGE_SIZE = 10


def team_required(view: Callable) -> Callable:
    """Researchers and editors only: anonymous users are sent to log in, others get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not workflow.is_staff_member(request.user):
            raise PermissionDenied(
                "These pages are for the fact-checking team (researchers and editors). "
                "Ask an editor to add you to a team."
            )
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request: HttpRequest, queryset, param: str = "page", size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get(param))


def put_errors(form: Form, error: Exception) -> None:
    """A service's ValidationError or WorkflowError, on the field it names when the form
    has one, otherwise on the form as a whole."""
    if isinstance(error, WorkflowError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
        return
    form.add_error(None, error)
