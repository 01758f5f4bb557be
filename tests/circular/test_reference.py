"""Loading scrap grades, the crosswalk and carbon factors."""

from __future__ import annotations

import csv
import re

import pytest

from aluhub.circular.models import CarbonFactor, GradeCrosswalk, ScrapGrade
from aluhub.circular.reference import (
    CARBON_CSV,
    CROSSWALK_CSV,
    GRADES_CSV,
    load_reference,
)
from aluhub.common.reference import no_progress


def _count(path: object) -> int:
    with open(path, encoding="utf-8", newline="") as fh:  # type: ignore[call-overload]
        return sum(1 for _ in csv.DictReader(fh))


@pytest.mark.django_db
def test_load_reference_creates_one_row_per_csv_row() -> None:
    summaries = load_reference(no_progress)
    assert [s.created for s in summaries] == [
        _count(GRADES_CSV),
        _count(CROSSWALK_CSV),
        _count(CARBON_CSV),
    ]
    assert ScrapGrade.objects.filter(system="EN13920").count() == 16


@pytest.mark.django_db
def test_load_reference_twice_changes_nothing() -> None:
    load_reference(no_progress)
    again = load_reference(no_progress)
    assert [(s.created, s.updated) for s in again] == [(0, 0), (0, 0), (0, 0)]


@pytest.mark.django_db
def test_load_reference_keeps_both_languages_and_blanks() -> None:
    load_reference(no_progress)
    tense = ScrapGrade.objects.get(code="Tense")
    assert tense.description_en.startswith("Clean castings")  # type: ignore[attr-defined]
    assert tense.description_fr.startswith("Pièces coulées")  # type: ignore[attr-defined]
    # Tweak has no description in the data: it stays blank.
    assert ScrapGrade.objects.get(code="Tweak").description_en == ""  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_crosswalk_pairs_an_isri_grade_with_an_en_part_only() -> None:
    load_reference(no_progress)
    pairs = GradeCrosswalk.objects.select_related("isri", "en")
    assert {(p.isri.system, p.en.system) for p in pairs} == {("ISRI", "EN13920")}
    assert all(p.basis_fr and p.basis_en for p in pairs)  # type: ignore[attr-defined]
    # Grades the data does not tie to a part stay unpaired.
    assert not pairs.filter(isri__code__in=["Thorn", "Tweak", "EM1"]).exists()


@pytest.mark.django_db
def test_carbon_factors_keep_missing_values_missing() -> None:
    load_reference(no_progress)
    canada = CarbonFactor.objects.get(
        item_en="Primary aluminium, Canada average (hydro-powered, AAC)"
    )
    assert (str(canada.value), canada.year) == ("2.000", 2015)
    recycled_vs_primary = CarbonFactor.objects.get(
        item_en="Recycled (secondary) aluminium vs primary"
    )
    assert recycled_vs_primary.value is None
    assert CarbonFactor.objects.filter(is_recycled=True, value__isnull=False).count() == 2


def test_the_crosswalks_english_writes_percentages_the_english_way() -> None:
    """'up to 10% 6061', 'at least 99.5% Al' (English takes no space before %; the grades page
    read '10 %' on English pages)."""
    with open(CROSSWALK_CSV, encoding="utf-8", newline="") as fh:
        english = [row["basis_en"] for row in csv.DictReader(fh)]
    assert [text for text in english if re.search(r"\d[ \u00a0]%", text)] == []


@pytest.mark.django_db
def test_french_descriptions_are_shown_with_french_typography() -> None:
    # The shared file writes « d'au moins deux alliages […] ni tôle d'avion; huile/graisse 1 %
    # max »: the French page showed straight apostrophes, no space before « ; » and a « 1 % »
    # that could break (decision 0010).
    load_reference(no_progress)
    taint = ScrapGrade.objects.get(code="Taint/Tabor").description_fr  # type: ignore[attr-defined]
    assert "d’au moins deux alliages" in taint
    assert "tôle d’avion\u202f; huile/graisse 1\u00a0% max" in taint
    assert not re.search(r"\w'\w", taint)
