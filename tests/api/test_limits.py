"""Request bodies over the size limit get a JSON 413, not an HTML error page."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_oversized_body_is_a_json_413(api, researcher, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api("researcher").post(
        "/api/v1/documents/", {"text": "Exports rose. " * 2000}, format="json"
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
