"""Tests of the file-based funding catalogue and of advisor scenarios on the real data."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

import pytest

from aluhub.engines.matching import match, parse_match_request
from aluhub.funding.catalogue import (
    CRITERIA_COLUMNS,
    CRITERIA_CSV,
    PROGRAMS_CSV,
    CatalogueError,
    load_records,
    load_reference_programs,
    program_from_record,
)

TODAY = date(2026, 11, 27)


def by_slug() -> dict[str, Any]:
    return {p.slug: p for p in load_reference_programs()}


def read(path: Any) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_load_reference_programs_reads_all_63_with_unique_slugs() -> None:
    programs = load_reference_programs()
    assert len(programs) == 63
    assert len({p.slug for p in programs}) == 63


def test_criteria_file_has_one_row_per_program_and_documented_columns() -> None:
    rows = read(CRITERIA_CSV)
    assert [r["id"] for r in rows] == [r["id"] for r in read(PROGRAMS_CSV)]
    assert tuple(rows[0].keys()) == ("id", *CRITERIA_COLUMNS)


def test_criteria_evidence_quotes_the_program_summary() -> None:
    """Every structured criterion rests on a fragment of the program's own text (name,
    summary or status note)."""
    programs = {r["id"]: r for r in read(PROGRAMS_CSV)}
    for row in read(CRITERIA_CSV):
        structured = [c for c in CRITERIA_COLUMNS if c != "evidence" and row[c]]
        if not structured:
            continue
        source = programs[row["id"]]
        # The name counts too: "CQRDA – FIAL: aluminium innovation" states the sector.
        text = " ".join((source["name_en"], source["summary_en"], source["status_note"]))
        assert row["evidence"], row["id"]
        for fragment in row["evidence"].split(" ... "):
            assert fragment.strip() in text, (row["id"], fragment)


def test_criteria_encode_conditions_stated_in_summaries() -> None:
    programs = by_slug()
    futurpreneur = programs["futurpreneur-demarrage"]
    assert (futurpreneur.founder_age_min, futurpreneur.founder_age_max) == (18, 39)
    assert futurpreneur.years_in_business_max == 2
    essor_1c = programs["iq-essor-volet-1c-mise-en-oeuvre-plan-numerique"]
    assert (essor_1c.employees_max, essor_1c.revenue_min_cad) == (250, 2_500_000)
    assert programs["iq-essor-volet-1a-etudes-faisabilite"].revenue_min_cad == 2_500_000
    assert programs["rq-c3i-credit-investissement-innovation"].naics_prefixes_excluded == (
        "331313",
    )
    assert programs["ised-pfpec-financement-petites-entreprises"].revenue_max_cad == 10_000_000
    assert programs["iq-psce-volet-3-grandes-entreprises"].revenue_min_cad == 100_000_000
    assert programs["sva-fonds-rio-tinto-vallee-aluminium"].regions == ("02",)
    # "Regions outside the big urban centres": no SADC or CAE in Montréal or Laval.
    assert programs["sadc-cae-financement-accompagnement"].regions_excluded == ("06", "13")
    assert programs["sadc-strategie-jeunesse"].regions_excluded == ("06", "13")
    assert programs["cqrda-pso-v2b-recherche-collaborative"].sector_focus == ("aluminium",)
    assert programs["criaq-maturation-internationale-pme"].sector_focus == ("aerospace",)


def test_catalogue_url_prefers_official_then_source() -> None:
    rows = {r["id"]: r for r in read(PROGRAMS_CSV)}
    for p in load_reference_programs():
        assert p.url == (rows[p.slug]["url"] or rows[p.slug]["source_url"])


def test_program_from_record_minimal_record() -> None:
    p = program_from_record({"id": "x", "name_fr": "Programme X", "phases": "export;growth"})
    assert p.phases == ("export", "growth")
    assert p.status == "unknown"
    assert p.max_amount_cad is None
    assert p.name_en == "Programme X"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("phases", "export;space"),
        ("max_amount_cad", "lots"),
        ("cost_share_pct", "150"),
        ("regions", "18"),
        ("status", "maybe"),
        ("requires_export_project", "perhaps"),
        ("employees_max", "2.5"),
        ("regions_excluded", "06;99"),
        ("sector_focus", "steel"),
    ],
)
def test_program_from_record_names_bad_column(column: str, value: str) -> None:
    with pytest.raises(CatalogueError) as info:
        program_from_record({"id": "x", "name_fr": "X", column: value})
    assert info.value.column == column


def test_program_from_record_without_late_columns_takes_the_shipped_criteria() -> None:
    """A database row that has no regions_excluded / sector_focus column yet gets the
    shipped values of the same slug; a record that has the column, even blank, wins."""
    base = {"id": "sadc-cae-financement-accompagnement", "name_fr": "SADC"}
    assert program_from_record(base).regions_excluded == ("06", "13")
    blank = program_from_record({**base, "regions_excluded": "", "sector_focus": ""})
    assert (blank.regions_excluded, blank.sector_focus) == ((), ())
    assert program_from_record({"id": "new-program", "name_fr": "N"}).regions_excluded == ()


def test_load_records_rejects_criteria_for_unknown_program(tmp_path: Any) -> None:
    criteria = tmp_path / "criteria.csv"
    criteria.write_text("id,employees_max\nghost,10\n", encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_records(PROGRAMS_CSV, criteria)


# ------------------------------------------------- advisor scenarios on real data


def top(profile: dict[str, Any], limit: int = 15) -> list[Any]:
    request = parse_match_request({**profile, "limit": limit}, today=TODAY, lang="en")
    return list(match(request, load_reference_programs()).results)


EXTRUDER = {
    "organization": {
        "employees": 45,
        "annual_revenue_cad": 12_000_000,
        "region": "02",
        "naics": "331318",
        "founded_year": 2004,
        "legal_form": "corporation",
    },
    "project": {"goals": ["productivity_automation"], "cost_cad": 1_500_000},
}


def test_advisor_extruder_automation_programs_in_top_15() -> None:
    slugs = [r.slug for r in top(EXTRUDER)]
    for expected in (
        "rq-c3i-credit-investissement-innovation",
        "iq-essor-volet-1a-etudes-faisabilite",
        "iq-essor-volet-2-productivite-expansion",
        "iq-grand-v",
        "dec-ceri-croissance-productivite",
    ):
        assert expected in slugs


def test_advisor_primary_smelter_is_not_eligible_for_c3i() -> None:
    smelter = {
        **EXTRUDER,
        "organization": {**EXTRUDER["organization"], "naics": "331313", "employees": 900},
    }
    results = {r.slug: r for r in top(smelter, limit=100)}
    assert results["rq-c3i-credit-investissement-innovation"].verdict == "ineligible"


def test_advisor_young_montreal_startup() -> None:
    startup = {
        "organization": {
            "employees": 3,
            "annual_revenue_cad": 150_000,
            "region": "06",
            "naics": "332999",
            "founded_year": 2025,
            "founder_age": 28,
            "legal_form": "corporation",
        },
        "project": {"goals": ["startup"], "cost_cad": 120_000},
    }
    results = top(startup, limit=100)
    verdicts = {r.slug: r.verdict for r in results}
    assert verdicts["futurpreneur-demarrage"] == "eligible"
    assert "futurpreneur-demarrage" in [r.slug for r in results[:15]]
    # Outside Saguenay–Lac-Saint-Jean, the Vallée de l'aluminium fund is out of reach.
    assert verdicts["sva-fonds-rio-tinto-vallee-aluminium"] == "ineligible"


def test_advisor_established_firm_never_eligible_for_youth_startup_programs() -> None:
    results = {r.slug: r for r in top({**EXTRUDER, "project": {"goals": ["startup"]}}, 100)}
    assert results["futurpreneur-demarrage"].verdict == "ineligible"


def test_advisor_small_exporter_gets_canexport_and_not_large_firm_stream() -> None:
    exporter = {
        "organization": {
            "employees": 30,
            "annual_revenue_cad": 6_000_000,
            "region": "04",
            "naics": "331524",
            "founded_year": 1998,
            "legal_form": "corporation",
        },
        "project": {"goals": ["export"], "cost_cad": 90_000, "export_markets": ["DE"]},
    }
    results = top(exporter, limit=100)
    assert "amc-canexport-pme" in [r.slug for r in results[:15]]
    verdicts = {r.slug: r.verdict for r in results}
    assert verdicts["iq-psce-volet-3-grandes-entreprises"] == "ineligible"


def test_advisor_micro_firm_never_eligible_for_programs_excluding_micro() -> None:
    micro = {
        "organization": {"employees": 4, "region": "16", "naics": "332321"},
        "project": {"goals": list(("innovation_rd", "growth", "export", "hiring"))},
    }
    for result in top(micro, limit=100):
        sizes = result.program.eligible_sizes
        if sizes and "micro" not in sizes:
            assert result.verdict == "ineligible", result.slug
