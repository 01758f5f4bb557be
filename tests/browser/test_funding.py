"""The funding finder as a person uses it: search, filter by region, open a program,
switch to English on the same program."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Response, expect

from tests.funding.factories import make_program


@pytest.mark.django_db(transaction=True)
def live_search(fragment: str) -> Callable[[Response], bool]:
    """Matches the HTMX response of the finder for a query string containing ``fragment``."""

    def matches(response: Response) -> bool:
        request = response.request
        return request.headers.get("hx-request") == "true" and fragment in request.url

    return matches


def test_search_filter_open_and_switch_language(page: Page) -> None:
    make_program(
        "aide-export-saguenay",
        name_fr="Aide à l'exportation Saguenay",
        name_en="Saguenay export aid",
        summary_fr="Pour exporter vos pièces d'aluminium.",
        summary_en="To export your aluminium parts.",
        regions=["02"],
    )
    make_program(
        "aide-export-mauricie",
        name_fr="Aide à l'exportation Mauricie",
        name_en="Mauricie export aid",
        summary_fr="Pour les exportateurs.",
        summary_en="For exporters.",
        regions=["04"],
    )
    make_program("automatisation", name_fr="Automatisation", name_en="Automation")

    page.goto("/fr/financement/")
    page.get_by_label("Rechercher dans les programmes").fill("exportation")
    # Wait on the live-search request itself (never on time): the heading is checked once
    # the response for these exact filters has been swapped in.
    with page.expect_response(live_search("q=exportation")):
        page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#results-heading")).to_have_text("2 programmes")
    # The count is read out: written into the page's status region, which stays in place (a
    # live region swapped in already holding its text is not read).
    expect(page.locator("#live-status[aria-live=polite]")).to_have_text("2 programmes")
    expect(page.get_by_role("link", name="Automatisation")).to_have_count(0)

    with page.expect_response(live_search("region=02")):
        page.get_by_role("checkbox", name=re.compile("Saguenay")).check()
    expect(page.locator("#results-heading")).to_have_text("1 programme")
    expect(page.locator("#live-status")).to_have_text("1 programme")
    expect(page).to_have_url(re.compile(r"region=02"))

    page.get_by_role("link", name="Aide à l'exportation Saguenay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aide à l'exportation Saguenay")
    expect(page.get_by_text("Dernière vérification")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/funding/programs/aide-export-saguenay/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Saguenay export aid")
