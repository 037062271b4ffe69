"""The triage page and the claim page link to the exports; a logged-in browser session
downloads them."""

import pytest

from claims.models import Speaker
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_triage_exports_what_its_filters_show(as_user, researcher):
    biden = Speaker.objects.create(name="Joe Biden", name_key="joe biden")
    ClaimFactory(text="By Biden", speaker_ref=biden)
    ClaimFactory(text="By someone else")
    client = as_user(researcher)
    html = client.get(f"/triage/?speaker={biden.pk}").content.decode()
    link = f"/triage/export.csv?speaker={biden.pk}"
    assert link in html
    response = client.get(link)
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    assert "By Biden" in text and "By someone else" not in text
    lines = client.get(f"/triage/export.jsonl?speaker={biden.pk}")
    body = b"".join(lines.streaming_content).decode()
    assert body.count("\n") == 1 and "By Biden" in body


def test_triage_export_names_a_bad_filter(as_user, researcher):
    response = as_user(researcher).get("/triage/export.csv?score=nonsense")
    assert response.status_code == 400
    assert "score" in response.content.decode()


def test_claim_page_links_to_its_history_csv(as_user, editor):
    claim = ClaimFactory()
    html = as_user(editor).get(f"/claims/{claim.pk}/").content.decode()
    assert f"/api/v1/claims/{claim.pk}/history/export/" in html
