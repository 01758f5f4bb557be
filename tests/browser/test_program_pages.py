"""Program pages read consistently whatever the program's state (reference catalogue):
a closed one, a paused one and one whose last intake window is past."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from aluhub.funding.reference import load_reference


@pytest.mark.django_db(transaction=True)
def test_closed_paused_and_past_window_pages_agree_with_themselves(page: Page) -> None:
    load_reference(lambda rows, **kw: iter(rows))

    # Closed: says closed, never "continuous intake", shows its last window.
    page.goto("/fr/financement/programmes/iq-depart-redynamisation-territoires/")
    intake = page.locator("#status-heading + dl")
    expect(intake).to_contain_text("Fermé")
    expect(intake).to_contain_text("Aucun dépôt : le programme est fermé.")
    expect(intake).to_contain_text("31 mars 2026")
    expect(page.locator("main")).not_to_contain_text("Dépôt en continu")

    # Paused with a past yearly window (CanExport SMEs 2026-27).
    page.goto("/fr/financement/programmes/amc-canexport-pme/")
    intake = page.locator("#status-heading + dl")
    expect(intake).to_contain_text("Suspendu")
    expect(intake).to_contain_text("Dépôt des demandes suspendu pour le moment.")
    expect(intake).to_contain_text("29 mai 2026")
    expect(page.locator("main")).not_to_contain_text("Dépôt en continu")

    # Open, but its only window is over: the next one is not yet published.
    page.goto("/fr/financement/programmes/canada-fonds-reponse-strategique-tarifs/")
    intake = page.locator("#status-heading + dl")
    expect(intake).to_contain_text("la prochaine n’est pas encore publiée")
    expect(
        page.get_by_role("heading", name="Comment présenter une demande, qui joindre")
    ).to_be_visible()

    # The same page in English.
    page.get_by_role("link", name="English").first.click()
    intake = page.locator("#status-heading + dl")
    expect(intake).to_contain_text("the next window is not yet published")
    expect(intake).to_contain_text("October 31, 2025")
