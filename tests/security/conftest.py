"""The API tests' client per cast member, for the security tests too."""

from tests.api.conftest import api  # noqa: F401
