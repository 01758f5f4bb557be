"""Advisor scenarios on the real catalogue, through the commands a reviewer runs.

``data/advisor_profiles.json`` holds business profiles in the format of
``aluhub funding_match``; for each one, a funding advisor's reading of the 63 program
summaries gives (with a one-line reason each):

* ``advisor``: the programs an advisor would name; they must be in the top 15;
* ``cannot_get``: programs the business cannot get (wrong size, region, stage, sector
  excluded, project too small); they must be "ineligible", never merely partial;
* ``never_eligible_unknown``: programs whose condition the profile leaves open (revenue
  or founding year missing); they must not be called "eligible";
* ``also_named`` (not asserted): programs an advisor may add, ranked further down.

The picks were written from the summaries before looking at the engine's output.

``data/advisor_projects.json`` holds financing-plan requests (``aluhub funding_plan``).
For each plan the four properties a reviewer checks are recomputed from the catalogue
file itself (``aluhub/data/funding_programs.csv``), not from the engine's objects: no line
above its program's cost share x eligible costs or its maximum; the total within the
public-aid cap; no program that ``funding_match`` calls ineligible; and a grant line
whenever a usable grant program exists. A Hypothesis test checks the same properties on
random profiles and projects against the real catalogue (engine level, for speed).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from aluhub.engines.funding_plan import parse_plan_request
from aluhub.engines.funding_plan import plan as build_plan
from aluhub.engines.matching import match, parse_match_request
from aluhub.funding.catalogue import CRITERIA_CSV, PROGRAMS_CSV, load_reference_programs

DATA = Path(__file__).resolve().parent / "data"
PROFILES: list[dict[str, Any]] = json.loads(
    (DATA / "advisor_profiles.json").read_text(encoding="utf-8")
)
PROJECTS: list[dict[str, Any]] = json.loads(
    (DATA / "advisor_projects.json").read_text(encoding="utf-8")
)
DEFAULT_CAP_PCT = 50.0  # docs/funding-engines.md, "The default public-aid cap"


def catalogue_rows() -> dict[str, dict[str, str]]:
    with PROGRAMS_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


ROWS = catalogue_rows()


def run(command: str, data: dict[str, Any], tmp_path: Path, *args: str) -> dict[str, Any]:
    path = tmp_path / f"{command}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def all_verdicts(profile: dict[str, Any], tmp_path: Path) -> dict[str, dict[str, Any]]:
    result = run("funding_match", profile, tmp_path, "--limit", "1000", "--include-closed")
    return {item["program"]: item for item in result["results"]}


def test_scenario_files_name_real_programs_with_reasons() -> None:
    assert len(PROFILES) >= 15 and len(PROJECTS) >= 10
    for scenario in PROFILES:
        for key in ("advisor", "cannot_get", "never_eligible_unknown", "also_named"):
            for slug, reason in scenario.get(key, {}).items():
                assert slug in ROWS, (scenario["name"], slug)
                assert reason.strip(), (scenario["name"], slug)
        assert not set(scenario["advisor"]) & set(scenario["cannot_get"]), scenario["name"]
    for project in PROJECTS:
        for slug in project["request"].get("include", []) + project["request"].get("exclude", []):
            assert slug in ROWS, (project["name"], slug)


@pytest.mark.parametrize("scenario", PROFILES, ids=[s["name"] for s in PROFILES])
def test_advisor_picks_are_in_the_top_15(scenario: dict[str, Any], tmp_path: Path) -> None:
    result = run("funding_match", scenario["profile"], tmp_path, "--limit", "15")
    top = [item["program"] for item in result["results"]]
    assert len(top) == 15
    missing = [slug for slug in scenario["advisor"] if slug not in top]
    assert missing == [], top


@pytest.mark.parametrize("scenario", PROFILES, ids=[s["name"] for s in PROFILES])
def test_programs_out_of_reach_are_never_eligible(scenario: dict[str, Any], tmp_path: Path) -> None:
    verdicts = all_verdicts(scenario["profile"], tmp_path)
    for slug in scenario["cannot_get"]:
        failed = [c["criterion"] for c in verdicts[slug]["criteria"] if c["status"] == "fail"]
        assert verdicts[slug]["verdict"] == "ineligible", (slug, verdicts[slug]["criteria"])
        assert failed, slug
    for slug in scenario.get("never_eligible_unknown", {}):
        assert verdicts[slug]["verdict"] != "eligible", slug


# ------------------------------------------------------------------ financing plans


def plan_checks(project: dict[str, Any], tmp_path: Path) -> tuple[dict[str, Any], list[str]]:
    """The plan and the list of violated properties (empty when all hold)."""
    request = project["request"]
    plan = run("funding_plan", request, tmp_path)
    profile = {"organization": request["organization"], "project": request["project"]}
    verdicts = all_verdicts(profile, tmp_path)
    costs = request["project"].get("eligible_costs_cad", request["project"]["cost_cad"])
    cap_pct = request.get("max_public_aid_pct", DEFAULT_CAP_PCT)
    problems: list[str] = []
    for line in plan["lines"]:
        row = ROWS[line["program"]]
        amount = line["amount_cad"]
        if amount <= 0:
            problems.append(f"{line['program']}: amount {amount}")
        if row["cost_share_pct"] and amount > float(row["cost_share_pct"]) / 100 * costs:
            problems.append(f"{line['program']}: above its cost share")
        if row["max_amount_cad"] and amount > float(row["max_amount_cad"]):
            problems.append(f"{line['program']}: above its maximum")
        if verdicts[line["program"]]["verdict"] == "ineligible":
            problems.append(f"{line['program']}: ineligible")
    total = sum(line["amount_cad"] for line in plan["lines"])
    if total != plan["total_aid_cad"]:
        problems.append("total_aid_cad is not the sum of the lines")
    if total > cap_pct / 100 * costs:
        problems.append(f"total {total} above the {cap_pct}% cap")
    goals = set(request["project"]["goals"])
    excluded = set(request.get("exclude", []))
    usable_grants = [
        slug
        for slug, item in verdicts.items()
        if item["verdict"] != "ineligible"
        and item["status"] in ("open", "unknown")
        and slug not in excluded
        and "grant" in item["aid_types"]
        and goals & set(ROWS[slug]["phases"].split(";"))
        and (ROWS[slug]["cost_share_pct"] or ROWS[slug]["max_amount_cad"])
    ]
    if usable_grants and not any(line["instrument"] == "grant" for line in plan["lines"]):
        problems.append(f"no grant line although {usable_grants} are usable")
    return plan, problems


@pytest.mark.parametrize("project", PROJECTS, ids=[p["name"] for p in PROJECTS])
def test_plan_respects_bounds_cap_eligibility_and_uses_grants(
    project: dict[str, Any], tmp_path: Path
) -> None:
    plan, problems = plan_checks(project, tmp_path)
    assert problems == [], plan


def test_plan_pinned_large_firm_program_is_left_out_for_a_medium_firm(tmp_path: Path) -> None:
    """ÉcoPerformance's large-projects stream is pinned by a 260-employee plant: it is
    ineligible (large firms only), so it never enters and a warning says why."""
    (project,) = [p for p in PROJECTS if p["name"].startswith("becancour")]
    plan, problems = plan_checks(project, tmp_path)
    assert problems == []
    slugs = {line["program"] for line in plan["lines"]}
    assert "meie-ecoperformance-grands-projets-industriels" not in slugs
    assert "meie-technoclimat" not in slugs  # excluded by the user
    # The warning names the program once, by its name.
    named = [w for w in plan["warnings"] if "coPerformance" in w]
    assert named and all("meie-ecoperformance" not in w for w in named)


# ------------------------------------------- the same properties, random real projects

GOALS = (
    "startup",
    "growth",
    "innovation_rd",
    "productivity_automation",
    "digital_transformation",
    "export",
    "workforce_training",
    "hiring",
    "sustainability_circular",
    "energy_efficiency",
    "succession_transfer",
    "financing_capital",
)
random_requests = st.fixed_dictionaries(
    {
        "organization": st.fixed_dictionaries(
            {
                "employees": st.sampled_from((0, 3, 12, 45, 120, 260, 499, 500, 1200)),
                "region": st.sampled_from([f"{i:02d}" for i in range(1, 18)]),
                "naics": st.sampled_from(("331313", "331318", "331524", "332321", "336413")),
            },
            optional={
                "annual_revenue_cad": st.sampled_from((50_000, 2_000_000, 12_000_000, 2e8)),
                "founded_year": st.integers(1950, 2026),
                "founder_age": st.integers(18, 70),
                "legal_form": st.sampled_from(("corporation", "cooperative", "non_profit")),
            },
        ),
        "project": st.fixed_dictionaries(
            {
                "goals": st.lists(st.sampled_from(GOALS), min_size=1, max_size=3, unique=True),
                "cost_cad": st.sampled_from((20_000, 80_000, 600_000, 3_000_000, 4e7)),
            },
            optional={"export_markets": st.sampled_from((["US"], ["DE", "MX"]))},
        ),
    },
    optional={
        "max_public_aid_pct": st.sampled_from((30, 50, 75, 100)),
        "include": st.sampled_from(
            (["rq-c3i-credit-investissement-innovation"], ["amc-canexport-pme"])
        ),
    },
)


@settings(max_examples=80, deadline=None)
@given(request=random_requests)
def test_plan_properties_hold_on_the_real_catalogue(request: dict[str, Any]) -> None:
    programs = load_reference_programs()
    today = date(2026, 11, 27)
    plan = build_plan(parse_plan_request(request, today=today, lang="en"), programs).to_dict()
    matches = match(
        parse_match_request(
            {**{k: request[k] for k in ("organization", "project")}, "limit": None}, today=today
        ),
        programs,
    ).results
    verdicts = {m.slug: m for m in matches}
    costs = request["project"]["cost_cad"]
    cap = request.get("max_public_aid_pct", DEFAULT_CAP_PCT)
    for line in plan["lines"]:
        row = ROWS[line["program"]]
        if row["cost_share_pct"]:
            assert line["amount_cad"] <= float(row["cost_share_pct"]) / 100 * costs
        if row["max_amount_cad"]:
            assert line["amount_cad"] <= float(row["max_amount_cad"])
        assert verdicts[line["program"]].verdict != "ineligible"
    assert plan["total_aid_cad"] <= cap / 100 * costs
    usable = [
        m.slug
        for m in matches
        if m.relevant
        and m.verdict != "ineligible"
        and m.program.status in ("open", "unknown")
        and "grant" in m.program.aid_types
        and (ROWS[m.slug]["cost_share_pct"] or ROWS[m.slug]["max_amount_cad"])
        and m.program.amount_basis == "project"
    ]
    # The pins drawn here (a 25 % credit, a grant) leave room for a grant; a pinned
    # program whose rate reaches the cap could take it all (funded first, by design).
    if usable:
        assert any(line["instrument"] == "grant" for line in plan["lines"]), usable


def criteria_rows() -> dict[str, dict[str, str]]:
    with CRITERIA_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


CRITERIA = criteria_rows()


def out_of_reach(slug: str, org: dict[str, Any], year: int) -> bool:
    """Read from the two CSV files: the business cannot get the program (size, region,
    stage, revenue, excluded sector)."""
    row, extra = ROWS[slug], CRITERIA[slug]
    employees = org["employees"]
    size = "micro" if employees < 10 else "small" if employees < 100 else "medium"
    size = "large" if employees >= 500 else size
    if row["eligible_sizes"] and size not in row["eligible_sizes"].split(";"):
        return True
    if row["regions"] and org["region"] not in row["regions"].split(";"):
        return True
    if org["region"] in extra["regions_excluded"].split(";"):
        return True
    if extra["employees_max"] and employees > int(extra["employees_max"]):
        return True
    revenue = org.get("annual_revenue_cad")
    if revenue is not None and extra["revenue_min_cad"]:
        if revenue < float(extra["revenue_min_cad"]):
            return True
    if revenue is not None and extra["revenue_max_cad"]:
        if revenue > float(extra["revenue_max_cad"]):
            return True
    age = org.get("founder_age")
    if age is not None and extra["founder_age_max"] and age > int(extra["founder_age_max"]):
        return True
    founded = org.get("founded_year")
    if founded is not None and extra["years_in_business_max"]:
        if year - founded - 1 >= int(extra["years_in_business_max"]):
            return True
    excluded = [x for x in extra["naics_prefixes_excluded"].split(";") if x]
    return any(org["naics"].startswith(x) for x in excluded)


@settings(max_examples=150, deadline=None)
@given(request=random_requests)
def test_match_never_calls_an_out_of_reach_program_eligible(request: dict[str, Any]) -> None:
    today = date(2026, 11, 27)
    data = {"organization": request["organization"], "project": request["project"]}
    results = match(
        parse_match_request({**data, "limit": None, "include_closed": True}, today=today),
        load_reference_programs(),
    ).results
    assert len(results) == len(ROWS)
    for result in results:
        if out_of_reach(result.slug, request["organization"], today.year):
            assert result.verdict == "ineligible", result.slug
