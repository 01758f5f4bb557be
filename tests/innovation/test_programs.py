"""Funding programs suggested after a self-assessment: filters and order."""

from __future__ import annotations

import csv

from aluhub.innovation.programs import (
    CATALOGUE_PATH,
    CatalogueProgram,
    rank_programs,
    read_catalogue,
    recommended_programs,
)

ALL_DIMS = [
    "strategy_leadership",
    "connectivity_data",
    "automation_robotics",
    "digital_processes",
    "cybersecurity",
    "skills_culture",
    "energy_sustainability_data",
]


def catalogue_rows() -> dict[str, dict[str, str]]:
    with CATALOGUE_PATH.open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def program(
    slug: str,
    phases: str,
    status: str = "open",
    sizes: str = "",
    regions: str = "",
    summary: str = "",
) -> CatalogueProgram:
    (p,) = read_catalogue(
        [
            {
                "id": slug,
                "phases": phases,
                "status": status,
                "eligible_sizes": sizes,
                "regions": regions,
                "summary_en": summary,
            }
        ]
    )
    return p


def test_recommended_programs_exist_and_fit_digital_or_productivity() -> None:
    rows = catalogue_rows()
    slugs = recommended_programs(None, ALL_DIMS[:3])
    assert slugs
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        phases = set(rows[slug]["phases"].split(";"))
        assert phases & {"digital_transformation", "productivity_automation"}
        assert rows[slug]["status"] != "closed"


def test_recommended_programs_cover_every_eligible_catalogue_row_without_profile() -> None:
    expected = {
        slug
        for slug, row in catalogue_rows().items()
        if set(row["phases"].split(";")) & {"digital_transformation", "productivity_automation"}
        and row["status"] != "closed"
    }
    assert set(recommended_programs(None, ["cybersecurity"])) == expected


def test_recommended_programs_drop_programs_closed_to_the_size_class() -> None:
    rows = catalogue_rows()
    for profile in ({"employees": 4}, {"size_class": "micro"}):
        slugs = recommended_programs(profile, ["strategy_leadership"])
        for slug in slugs:
            sizes = rows[slug]["eligible_sizes"]
            assert not sizes or "micro" in sizes.split(";")
    # ESSOR 1B is stated for small, medium and large firms only.
    assert "iq-essor-volet-1b-diagnostic-numerique" not in recommended_programs(
        {"employees": 4}, ["strategy_leadership"]
    )
    assert "iq-essor-volet-1b-diagnostic-numerique" in recommended_programs(
        {"employees": 40}, ["strategy_leadership"]
    )


def test_rank_programs_filters_phases_status_size_and_region() -> None:
    programs = [
        program("digital", "digital_transformation"),
        program("export-only", "export"),
        program("closed", "productivity_automation", status="closed"),
        program("large-only", "productivity_automation", sizes="large"),
        program("saguenay", "digital_transformation", regions="02"),
        program("paused", "digital_transformation", status="paused"),
    ]
    assert rank_programs(programs, None, []) == [
        "digital",
        "large-only",
        "saguenay",
        "paused",
    ]
    profile = {"size_class": "small", "region": "16"}
    assert rank_programs(programs, profile, []) == ["digital", "paused"]
    assert rank_programs(programs, {"employees": 700, "region": 2}, []) == [
        "digital",
        "large-only",
        "saguenay",
        "paused",
    ]


def test_rank_programs_puts_programs_for_the_weakest_dimension_first() -> None:
    programs = [
        program("automation", "productivity_automation"),
        program("energy", "digital_transformation;energy_efficiency"),
        program("diagnostic", "digital_transformation", summary="A digital diagnostic grant."),
    ]
    assert rank_programs(programs, None, ["energy_sustainability_data"])[0] == "energy"
    assert rank_programs(programs, None, ["automation_robotics"])[0] == "automation"
    assert rank_programs(programs, None, ["strategy_leadership"])[0] == "diagnostic"
    # The weakest dimension outweighs the second weakest.
    assert rank_programs(programs, None, ["automation_robotics", "strategy_leadership"]) == [
        "automation",
        "diagnostic",
        "energy",
    ]


def test_rank_programs_breaks_ties_open_first_then_catalogue_order() -> None:
    programs = [
        program("unknown-a", "digital_transformation", status="unknown"),
        program("open-b", "digital_transformation"),
        program("open-c", "digital_transformation"),
    ]
    assert rank_programs(programs, None, ["cybersecurity"]) == ["open-b", "open-c", "unknown-a"]
