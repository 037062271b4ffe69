"""The triage page and the claim page link to the exports; a logged-in browser session
downloads them."""

import pytest

from claims.models import Speaker
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_triage_links_to_the_export_of_its_queue(as_user, researcher):
    biden = Speaker.objects.create(name="Joe Biden", name_key="joe biden")
    ClaimFactory(text="By Biden", speaker_ref=biden)
    ClaimFactory(text="By someone else")
    client = as_user(researcher)
    html = client.get(f"/triage/?speaker={biden.pk}").content.decode()
    link = f"/api/v1/claims/export/?format=csv&amp;status=new&amp;speaker={biden.pk}"
    assert link in html
    response = client.get(link.replace("&amp;", "&"))
    text = b"".join(response.streaming_content).decode()
    assert "By Biden" in text and "By someone else" not in text


def test_claim_page_links_to_its_history_csv(as_user, editor):
    claim = ClaimFactory()
    html = as_user(editor).get(f"/claims/{claim.pk}/").content.decode()
    assert f"/api/v1/claims/{claim.pk}/history/export/" in html
