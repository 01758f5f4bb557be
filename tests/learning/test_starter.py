"""The starter sheets print the reference figures exactly, with their sources."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from aluhub.learning import starter
from tests.learning.factories import pdf_text

DATA = Path(__file__).resolve().parents[2] / "aluhub" / "data"


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def pdfs() -> dict[str, str]:
    return {sheet.slug: pdf_text(sheet.build()) for sheet in starter.SHEETS}


def test_alloy_compositions_match_every_csv_row() -> None:
    printed = {
        (a.alloy, element.replace(" ", "_"), lo, hi)
        for a in starter.alloy_compositions()
        for element, lo, hi in a.limits
    }
    expected = {
        (r["alloy"], r["element"], r["min_pct"] or "—", r["max_pct"] or "—")
        for r in _csv("alloys.csv")
    }
    assert printed == expected


def test_alloys_pdf_shows_6061_limits_and_blank_as_dash(pdfs: dict[str, str]) -> None:
    text = pdfs["fiche-composition-alliages"]
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("6061 —"))
    # 6061 Si 0.40-0.80, Fe max 0.70 (no minimum: printed as a dash), decimal commas.
    assert lines[start + 4 : start + 10] == ["Si", "0,40", "0,80", "Fe", "—", "0,70"]
    assert "https://en.wikipedia.org/wiki/1050_aluminium_alloy" in text


def test_tempers_pdf_prints_each_row_in_order(pdfs: dict[str, str]) -> None:
    text = pdfs["fiche-proprietes-mecaniques"]
    for row in _csv("aluminium_tempers.csv"):
        values = [
            starter.figure(row[k] or "—")
            for k in ("Ftu_MPa", "Fty_MPa", "Ftuw_MPa", "Ftyw_MPa", "E_MPa")
        ]
        assert "\n".join(values) in text, row["alloy_temper"]
    assert "https://www.keymarkcorp.com/alloyTemperSpecs.php3" in text


def test_carbon_pdf_prints_factors_and_sources(pdfs: dict[str, str]) -> None:
    text = pdfs["fiche-empreinte-carbone"]
    rows = _csv("carbon_factors.csv")
    for row in rows:
        value = (row["kg_co2e_per_kg"] or "—").replace(".", ",")
        assert f"\n{value}\n{row['year'] or '—'}\n" in text
    for url in {u.strip() for r in rows for u in r["source_url"].split(" ; ")}:
        assert url in text
    assert [f.kg_co2e_per_kg for f in starter.carbon_factors()][:3] == ["15.1", "15.8", "4.5"]


def test_carbon_and_scrap_pdfs_print_the_french_names_beside_the_english(
    pdfs: dict[str, str],
) -> None:
    carbon = " ".join(pdfs["fiche-empreinte-carbone"].split())
    factors = starter.carbon_factors()
    assert all(f.item_fr != "—" and f.note_fr != "—" for f in factors)
    for f in factors:
        assert " ".join(f.item_fr.split()) in carbon, f.item
    assert "Aluminium primaire, intensité GES moyenne mondiale (IAI)" in carbon
    scrap = " ".join(pdfs["fiche-classes-ferraille"].split())
    grades = starter.scrap_grades()
    assert all(g.name_fr != "—" for g in grades if g.system == "ISRI")
    assert "Tôle usagée propre d’alliages mélangés" in scrap.replace("'", "’")
    assert "corroyé (tôle usagée mélangée)" in scrap


def test_tempers_pdf_prints_each_note_in_french_beside_the_english(
    pdfs: dict[str, str],
) -> None:
    text = " ".join(pdfs["fiche-proprietes-mecaniques"].split())
    tempers = starter.temper_properties()
    assert [t.product for t in tempers] == [r["product"] for r in _csv("aluminium_tempers.csv")]
    assert all(t.product_fr not in ("—", t.product) for t in tempers)
    assert "profilés extrudés, EN 755-2, paroi t" in text  # "<=" is read back as "< ="
    assert "valeurs à l’état soudé non trouvées" in text.replace("'", "’")
    assert "extruded profiles, EN 755-2, wall t" in text


def test_sheet_figures_have_a_decimal_comma() -> None:
    assert [starter.figure(v) for v in ("15.1", "0.40", "262", "—", "A380.0 x")] == [
        "15,1",
        "0,40",
        "262",
        "—",
        "A380.0 x",
    ]


def test_scrap_pdf_lists_every_grade_with_both_languages(pdfs: dict[str, str]) -> None:
    text = " ".join(pdfs["fiche-classes-ferraille"].split())
    for row in _csv("scrap_grades.csv"):
        assert row["code"] in text
    assert "Used aluminium beverage cans (UBC)" in text
    assert "Tôle usagée (post-consommation)" in text


def test_scrap_crosswalk_pairs_only_families_present_in_both_systems() -> None:
    crosswalk = starter.scrap_crosswalk(starter.scrap_grades())
    assert ("cast", ["Tense"], ["EN 13920-7"]) in crosswalk
    assert all(isri and en for _fam, isri, en in crosswalk)


def test_sheets_are_reproducible_pdfs() -> None:
    for sheet in starter.SHEETS:
        data = sheet.build()
        assert (data[:5], data == sheet.build()) == (b"%PDF-", True)


def test_sheets_use_the_platform_pdf_setup(pdfs: dict[str, str]) -> None:
    # common/documents: the embedded font family (accents on every machine), page numbers.
    import re

    data = starter.SHEETS[0].build()
    fonts = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([^\s/]+)", data))
    assert {b"BitstreamVeraSans-Roman", b"BitstreamVeraSans-Bold"} <= fonts
    assert all(text.startswith("AluHub · 1\n") for text in pdfs.values())
