"""Searching the starter sheets (the learning reference data): by words in either language,
every word required, and the facets' counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import AnonymousUser
from pytest_django import DjangoDbBlocker

from aluhub.common.reference import no_progress
from aluhub.learning import selectors
from aluhub.learning.reference import load_reference
from tests.module_rows import module_rows

pytestmark = pytest.mark.django_db


def _slugs(user: object, **params: str) -> list[str]:
    filters = selectors.Filters.from_params(params)
    return sorted(r.slug for r in selectors.resource_search(user, filters))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def sheets_once(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The starter sheets (their PDFs made on the way) loaded once for the module
    (tests/module_rows.py): every test here only searches them."""
    with module_rows(django_db_blocker, load=lambda: load_reference(no_progress)):
        yield


@pytest.fixture
def sheets(sheets_once: None, db: None) -> None:
    """The starter sheets, loaded once for the module."""


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("alliages", "fiche-composition-alliages"),
        ("ALLIAGE fonderie", "fiche-composition-alliages"),
        ("cast alloys", "fiche-composition-alliages"),
        ("ferraille", "fiche-classes-ferraille"),
        ("scrap grades", "fiche-classes-ferraille"),
        ("empreinte carbone", "fiche-empreinte-carbone"),
        ("recycled aluminium footprint", "fiche-empreinte-carbone"),
        ("propriétés mécaniques", "fiche-proprietes-mecaniques"),
        ("proprietes mecanique", "fiche-proprietes-mecaniques"),
        ("mechanical properties", "fiche-proprietes-mecaniques"),
    ],
)
def test_search_finds_starter_sheets_in_both_languages(sheets: None, query: str, slug: str) -> None:
    assert slug in _slugs(AnonymousUser(), q=query)


def test_search_with_every_word_required(sheets: None) -> None:
    assert _slugs(AnonymousUser(), q="ferraille carbone") == []


def test_facets_count_each_value_with_other_filters_applied(sheets: None) -> None:
    facets = {f.name: f for f in selectors.resource_facets(AnonymousUser(), selectors.Filters())}
    levels = {v.value: v.count for v in facets["level"].values}
    assert levels == {"college": 2, "university": 2}
    filtered = selectors.Filters(level="college")
    facets = {f.name: f for f in selectors.resource_facets(AnonymousUser(), filtered)}
    assert {v.value: v.count for v in facets["level"].values} == levels
    topics = {v.value: v.count for v in facets["topic"].values}
    assert topics["sustainability_recycling"] == 1
