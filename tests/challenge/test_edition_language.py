"""An edition page in the reader's language: jury weights with the decimal comma in French,
excluded scopes named (not the bill-of-materials code)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge.models import Criterion
from tests.challenge.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _page(year: int, lang: str) -> str:
    with translation.override(lang):
        path = reverse("challenge:edition", args=[year])
    return Client().get(path).content.decode()


def test_edition_page_in_french_writes_weights_with_a_comma_and_names_scopes() -> None:
    edition = EditionFactory(excluded_scopes=["foundation"])
    Criterion.objects.create(
        edition=edition, name_fr="Qualité", name_en="Quality", weight=Decimal("3")
    )

    html = _page(edition.year, "fr")

    assert "<td>3,00</td>" in html
    assert "(exclus : fondations)" in html
    assert "foundation" not in html


def test_edition_page_in_english_writes_weights_with_a_point() -> None:
    edition = EditionFactory(excluded_scopes=["foundation"])
    Criterion.objects.create(
        edition=edition, name_fr="Qualité", name_en="Quality", weight=Decimal("2.5")
    )

    html = _page(edition.year, "en")

    assert "<td>2.50</td>" in html
    assert "(excluded: foundations)" in html
