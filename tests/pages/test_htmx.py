"""htmx comes from django-htmx: its script tag, served by the static files, and no vendored copy."""

import re

from django.contrib.staticfiles import finders
from django.test import override_settings

from tests.factories import ClaimFactory


def script_sources(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_every_page_loads_the_htmx_that_django_htmx_ships(client, db):
    claim = ClaimFactory(published=True)
    html = client.get(claim.get_public_url()).content.decode()
    sources = script_sources(html)
    assert sources == ["/static/django_htmx/htmx-2.min.js"]
    assert finders.find("django_htmx/htmx-2.min.js") is not None
    assert finders.find("claims/htmx.min.js") is None  # no second copy to keep up to date


@override_settings(DEBUG=True)
def test_debug_pages_also_load_django_htmx_error_display(client, db):
    claim = ClaimFactory(published=True)
    sources = script_sources(client.get(claim.get_public_url()).content.decode())
    assert "/static/django_htmx/django-htmx.js" in sources
