"""Reference data text in the page's language: scrap grade titles and alloy families, carbon
factor names and scope notes (the codes stay as published)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.usefixtures("reference")


def _page(name: str, lang: str) -> str:
    with translation.override(lang):
        path = reverse(name)
    return Client().get(path).content.decode()


def test_grades_page_in_french_shows_french_titles_beside_the_codes() -> None:
    html = _page("circular:grades", "fr")

    assert "Taint/Tabor" in html
    assert "Tôle usagée propre d’alliages mélangés" in html
    assert "corroyé (tôle usagée mélangée)" in html
    assert "Clean mixed old alloy sheet aluminum" not in html
    assert "wrought (mixed old sheet)" not in html


def test_grades_page_in_english_keeps_the_published_titles() -> None:
    html = _page("circular:grades", "en")

    assert "Clean mixed old alloy sheet aluminum" in html
    assert "wrought (mixed old sheet)" in html
    assert "Tôle usagée propre" not in html


def test_impact_page_in_french_names_factors_and_scopes_in_french() -> None:
    html = _page("circular:impact", "fr")

    assert "Aluminium primaire, moyenne canadienne (hydroélectricité, AAC)" in html
    assert "Association de l’aluminium du Canada\u00a0: alumineries" in html
    assert "Primary aluminium" not in html
    assert "Aluminum Association of Canada" not in html


def test_impact_page_in_english_names_factors_in_english() -> None:
    html = _page("circular:impact", "en")

    assert "Primary aluminium, Canada average (hydro-powered, AAC)" in html
    assert "Aluminium primaire" not in html
