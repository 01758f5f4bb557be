"""A financing plan on the real catalogue with a program paid per intern."""

from __future__ import annotations

from datetime import date

from aluhub.engines.funding_plan import parse_plan_request, plan
from aluhub.funding.catalogue import load_reference_programs


def _request(units: dict[str, int] | None) -> dict[str, object]:
    return {
        "organization": {"employees": 40, "region": "02", "naics": "331318"},
        "project": {"goals": ["innovation_rd"], "eligible_costs_cad": 400_000},
        "include": ["mitacs-acceleration"],
        **({"units": units} if units is not None else {}),
    }


def test_rd_project_pinning_mitacs_with_two_interns_counts_it() -> None:
    request = parse_plan_request(
        _request({"mitacs-acceleration": 2}), today=date(2026, 12, 4), lang="en"
    )
    result = plan(request, load_reference_programs())
    mitacs = [line for line in result.lines if line.program == "mitacs-acceleration"]
    # The criteria file: Mitacs pays $7,500 of each unit's $15,000 award.
    assert [(line.amount_cad, line.units, line.to_confirm) for line in mitacs] == [
        (15_000, 2, False)
    ]
    assert sum("Mitacs" in w for w in result.warnings) <= 1


def test_without_units_mitacs_stays_in_the_plan_to_confirm() -> None:
    request = parse_plan_request(_request(None), today=date(2026, 12, 4), lang="fr")
    result = plan(request, load_reference_programs())
    mitacs = [line for line in result.lines if line.program == "mitacs-acceleration"]
    assert [(line.amount_cad, line.to_confirm) for line in mitacs] == [(0, True)]
    named = [w for w in result.warnings if "Mitacs" in w]
    assert len(named) == 1 and named[0].count("Mitacs") == 1
