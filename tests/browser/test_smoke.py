"""The harness itself: Debian's chromium reaches the live server in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_home_declares_its_language(page: Page, lang: str) -> None:
    response = page.goto(f"/{lang}/")

    assert response is not None
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
