"""The finder's bilingual search against the real catalogue (aluhub/data): a French query
and its English twin find (nearly) the same programs, whatever the accents or plurals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytest_django import DjangoDbBlocker

from aluhub.common.search import fold
from aluhub.funding.reference import load_reference
from aluhub.funding.selectors import ProgramFilters, search_programs
from tests.module_rows import module_rows

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 4)

PAIRS = [
    ("automatisation", "automation"),
    ("démarrage", "startup"),
    ("subvention", "grant"),
    ("prêt", "loan"),
    ("crédit d'impôt", "tax credit"),
    ("main-d'œuvre", "workforce"),
    ("embauche", "hiring"),
    ("numérique", "digital"),
    ("efficacité énergétique", "energy efficiency"),
    ("exportation", "export"),
]


@pytest.fixture(scope="module")
def catalogue(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Loaded once for the module (tests/module_rows.py): every test here reads it."""
    with module_rows(django_db_blocker, load=lambda: load_reference(lambda rows, **kw: iter(rows))):
        yield


def _found(q: str) -> set[int]:
    return set(search_programs(ProgramFilters(q=q), today=TODAY).ids)


@pytest.mark.parametrize(("french", "english"), PAIRS)
def test_french_and_english_twins_agree(catalogue: None, french: str, english: str) -> None:
    fr, en = _found(french), _found(english)
    assert fr and en, (french, len(fr), english, len(en))
    assert len(fr & en) >= 0.75 * len(en), (french, len(fr), english, len(en))
    assert len(fr & en) >= 0.75 * len(fr), (french, len(fr), english, len(en))


def test_a_phase_label_is_found_in_french(catalogue: None) -> None:
    # Programs in the phase "Productivité et automatisation" whatever their texts say.
    phased = set(
        search_programs(ProgramFilters(phase=("productivity_automation",)), today=TODAY).ids
    )
    assert phased and phased <= _found("automatisation")


def test_accents_and_plurals_return_the_same_programs(catalogue: None) -> None:
    for word in ["subvention", "exportation", "prêt", "numérique", "innovation", "démarrage"]:
        expected = _found(word)
        assert expected, word
        for variant in [fold(word), word + "s", fold(word) + "s", word.upper()]:
            assert _found(variant) == expected, (word, variant)
