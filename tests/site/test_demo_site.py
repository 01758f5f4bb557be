"""A demo site says so once, in a banner on every page (records keep their badge for staff)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_demo_site_shows_one_banner_in_the_page_language(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_SITE = True
    french = client.get("/fr/").content.decode()
    english = client.get("/en/").content.decode()
    assert french.count('class="demo-banner"') == 1
    assert "Site de démonstration" in french
    assert "Demonstration site" in english


def test_production_site_has_no_demo_banner(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_SITE = False
    assert 'class="demo-banner"' not in client.get("/fr/").content.decode()
