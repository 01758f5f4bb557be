"""Tests of the funding matching engine (no Django)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluhub.engines.errors import EngineInputError
from aluhub.engines.matching import (
    PHASES,
    REGION_CODES,
    MatchRequest,
    Organization,
    Program,
    Project,
    match,
    parse_match_request,
)
from aluhub.engines.sizes import SIZE_CLASSES, size_class

TODAY = date(2026, 6, 1)


def program(slug: str = "p", **fields: Any) -> Program:
    base: dict[str, Any] = {
        "name_fr": f"Programme {slug}",
        "name_en": f"Program {slug}",
        "aid_types": ("grant",),
        "phases": ("productivity_automation",),
        "eligible_sizes": SIZE_CLASSES,
        "status": "open",
        "evidence_confidence": "high",
        "url": f"https://example.org/{slug}",
    }
    base.update(fields)
    return Program(slug=slug, **base)


def request(
    *,
    employees: int = 45,
    region: str = "02",
    revenue: float | None = 12_000_000,
    naics: str | None = "331318",
    founded_year: int | None = 2004,
    legal_form: str | None = "corporation",
    founder_age: int | None = None,
    goals: tuple[str, ...] = ("productivity_automation",),
    cost: float | None = 1_500_000,
    export_markets: tuple[str, ...] = (),
    limit: int | None = None,
    include_closed: bool = False,
    lang: str = "en",
) -> MatchRequest:
    return MatchRequest(
        organization=Organization(
            employees=employees,
            region=region,
            annual_revenue_cad=revenue,
            naics=naics,
            founded_year=founded_year,
            legal_form=legal_form,
            founder_age=founder_age,
        ),
        project=Project(goals=goals, cost_cad=cost, export_markets=export_markets),
        today=TODAY,
        limit=limit,
        include_closed=include_closed,
        lang=lang,  # type: ignore[arg-type]
    )


def only(req: MatchRequest, prog: Program) -> Any:
    (result,) = match(req, [prog]).results
    return result


def statuses(result: Any) -> dict[str, str]:
    return {c.criterion: c.status for c in result.criteria}


# ------------------------------------------------------------------------ verdicts


def test_match_all_criteria_pass_is_eligible() -> None:
    result = only(request(), program(revenue_min_cad=2_500_000, employees_max=250))
    assert result.verdict == "eligible"
    assert set(statuses(result).values()) == {"pass"}


def test_match_wrong_size_is_ineligible() -> None:
    result = only(request(employees=5), program(eligible_sizes=("small", "medium")))
    assert statuses(result)["size"] == "fail"
    assert result.verdict == "ineligible"


def test_match_wrong_region_is_ineligible() -> None:
    result = only(request(region="06"), program(regions=("02",)))
    assert statuses(result)["region"] == "fail"
    assert result.verdict == "ineligible"


def test_match_empty_regions_means_all_of_quebec() -> None:
    result = only(request(region="11"), program(regions=()))
    assert statuses(result)["region"] == "pass"


def test_match_missing_revenue_is_unknown_never_pass() -> None:
    result = only(request(revenue=None), program(revenue_min_cad=2_500_000))
    assert statuses(result)["revenue"] == "unknown"
    assert result.verdict == "partial"


def test_match_french_details_space_their_semicolons_and_colons() -> None:
    """ "non fourni ; exigé : au moins …": a narrow no-break space before the semicolon, a
    no-break space before the colon (they read "non fourni; exigé : …")."""
    result = only(
        request(revenue=None, employees=5, lang="fr"),
        program(revenue_min_cad=2_500_000, eligible_sizes=("large",)),
    )
    details = {c.criterion: c.detail for c in result.criteria}
    assert details["revenue"] == (
        "Chiffre d’affaires non fourni\u202f; exigé\u00a0: au moins 2\u00a0500\u00a0000\u00a0$."
    )
    assert details["size"] == (
        "Taille micro (5 employés) non admise\u202f; le programme vise\u00a0: grande."
    )


def test_match_revenue_below_minimum_fails() -> None:
    result = only(request(revenue=2_000_000), program(revenue_min_cad=2_500_000))
    assert result.verdict == "ineligible"


def test_match_unstated_sizes_are_unknown() -> None:
    result = only(request(), program(eligible_sizes=()))
    assert statuses(result)["size"] == "unknown"
    assert result.verdict == "partial"


def test_match_text_conditions_make_verdict_partial() -> None:
    result = only(request(), program(other_conditions_en="Must be a member."))
    assert statuses(result)["other_conditions"] == "unknown"
    assert result.verdict == "partial"


def test_match_naics_excluded_prefix_fails() -> None:
    result = only(request(naics="331313"), program(naics_prefixes_excluded=("331313",)))
    assert result.verdict == "ineligible"
    result = only(request(naics="331318"), program(naics_prefixes_excluded=("331313",)))
    assert result.verdict == "eligible"


def test_match_naics_outside_allowed_prefixes_fails() -> None:
    result = only(request(naics="541330"), program(naics_prefixes_allowed=("31", "32", "33")))
    assert statuses(result)["naics"] == "fail"


def test_match_founder_age_outside_range_fails() -> None:
    prog = program(founder_age_min=18, founder_age_max=39)
    assert only(request(founder_age=45), prog).verdict == "ineligible"
    assert only(request(founder_age=39), prog).verdict == "eligible"
    assert only(request(founder_age=None), prog).verdict == "partial"


@pytest.mark.parametrize(
    ("founded_year", "expected"),
    # Under two years in business, with only the founding year known in 2026:
    # 2025 -> at most 2 years old (pass), 2024 -> 1 to 3 years (unknown), 2023 -> fail.
    [(2026, "pass"), (2025, "pass"), (2024, "unknown"), (2023, "fail"), (1990, "fail")],
)
def test_match_years_in_business_uses_founding_year_interval(
    founded_year: int, expected: str
) -> None:
    result = only(request(founded_year=founded_year), program(years_in_business_max=2))
    assert statuses(result)["years_in_business"] == expected


def test_match_years_in_business_minimum() -> None:
    prog = program(years_in_business_min=3)
    assert statuses(only(request(founded_year=2020), prog))["years_in_business"] == "pass"
    assert statuses(only(request(founded_year=2023), prog))["years_in_business"] == "unknown"
    assert statuses(only(request(founded_year=2025), prog))["years_in_business"] == "fail"


def test_match_legal_form_checked() -> None:
    prog = program(legal_forms=("corporation",))
    assert only(request(legal_form="sole_proprietorship"), prog).verdict == "ineligible"
    assert only(request(legal_form=None), prog).verdict == "partial"


def test_match_project_cost_below_minimum_fails() -> None:
    prog = program(project_cost_min_cad=10_000_000)
    assert only(request(cost=1_500_000), prog).verdict == "ineligible"
    assert only(request(cost=None), prog).verdict == "partial"


def test_match_export_project_requirement() -> None:
    prog = program(requires_export_project=True, phases=("export",))
    assert statuses(only(request(goals=("export",)), prog))["export_project"] == "pass"
    no_export = only(request(goals=("productivity_automation",)), prog)
    assert statuses(no_export)["export_project"] == "unknown"
    with_markets = only(request(export_markets=("US",)), prog)
    assert statuses(with_markets)["export_project"] == "pass"


def test_match_phase_mismatch_is_unknown_not_fail() -> None:
    result = only(request(goals=("productivity_automation",)), program(phases=("export",)))
    assert statuses(result)["project_phase"] == "unknown"
    assert result.verdict == "partial"
    assert result.relevant is False


# ------------------------------------------------------------------------- ranking


def test_match_relevant_programs_rank_above_irrelevant_ones() -> None:
    relevant = program("z-relevant", evidence_confidence="low", aid_types=("network",))
    other = program("a-other", phases=("export",))
    slugs = [r.slug for r in match(request(), [other, relevant]).results]
    assert slugs == ["z-relevant", "a-other"]


def test_match_paused_and_unknown_rank_below_open() -> None:
    progs = [
        program("a-paused", status="paused"),
        program("b-unknown", status="unknown"),
        program("c-open", status="open", evidence_confidence="low"),
    ]
    slugs = [r.slug for r in match(request(), progs).results]
    assert slugs == ["c-open", "b-unknown", "a-paused"]


def test_match_unknown_status_does_not_bury_a_better_fit() -> None:
    """Unknown status costs a program some quality, not its place among relevant ones:
    a program covering both goals with an unconfirmed intake still beats an open one that
    covers a single goal."""
    progs = [
        program("a-open-one-goal", phases=("export",)),
        program("b-unknown-both", phases=("export", "productivity_automation"), status="unknown"),
    ]
    req = request(goals=("productivity_automation", "export"))
    assert [r.slug for r in match(req, progs).results] == ["b-unknown-both", "a-open-one-goal"]


def test_match_partial_with_better_fit_ranks_above_eligible() -> None:
    """Eligible-before-partial is not a tier: a partial program made for the goal ranks
    above an eligible one that only touches it among many phases."""
    progs = [
        program("a-eligible-broad", phases=PHASES),
        program("b-partial-focused", other_conditions_en="A research partner."),
    ]
    results = match(request(), progs).results
    assert [r.slug for r in results] == ["b-partial-focused", "a-eligible-broad"]
    assert [r.verdict for r in results] == ["partial", "eligible"]


def test_match_several_goals_each_get_their_best_programs_near_the_top() -> None:
    """Ten excellent R&D programs do not push the only export program below them."""
    rd = [program(f"rd{i}", phases=("innovation_rd",)) for i in range(10)]
    export = program("z-export", phases=("export",), evidence_confidence="low")
    req = request(goals=("innovation_rd", "export"))
    slugs = [r.slug for r in match(req, [*rd, export]).results]
    assert slugs.index("z-export") <= 1
    scores = [r.score for r in match(req, [*rd, export]).results]
    assert scores == sorted(scores, reverse=True)


def test_match_export_markets_imply_export_after_stated_goals() -> None:
    progs = [
        program("a-export", phases=("export",)),
        program("b-automation", evidence_confidence="low"),
        program("c-hiring", phases=("hiring",)),
    ]
    results = match(request(export_markets=("US",)), progs).results
    assert [r.slug for r in results] == ["b-automation", "a-export", "c-hiring"]
    implied = results[1]
    assert (implied.relevant, implied.implied_phases) == (False, ("export",))
    assert statuses(implied)["project_phase"] == "pass"
    without = match(request(), progs).results
    assert [r.slug for r in without][0] == "b-automation"
    assert {r.slug: r.implied_phases for r in without}["a-export"] == ()


def test_match_export_program_not_relevant_without_export() -> None:
    """An export-financing program that also lists "financing" is not named for a project
    that sells nothing outside Québec."""
    prog = program(
        "export-loan", phases=("export", "financing_capital"), requires_export_project=True
    )
    result = only(request(goals=("financing_capital",)), prog)
    assert result.relevant is False
    assert statuses(result)["project_phase"] == "unknown"
    assert only(request(goals=("financing_capital",), export_markets=("MX",)), prog).relevant


def test_match_excluded_region_fails() -> None:
    prog = program(regions_excluded=("06", "13"))
    assert statuses(only(request(region="06"), prog))["region"] == "fail"
    assert only(request(region="13"), prog).verdict == "ineligible"
    assert statuses(only(request(region="11"), prog))["region"] == "pass"


def test_match_sector_focus_boosts_own_industry_and_lowers_another() -> None:
    progs = [
        program("a-generic"),
        program("b-aluminium", sector_focus=("aluminium",)),
        program("c-aerospace", sector_focus=("aerospace",)),
    ]
    slugs = [r.slug for r in match(request(naics="331318"), progs).results]
    assert slugs == ["b-aluminium", "a-generic", "c-aerospace"]
    aero = [r.slug for r in match(request(naics="336413"), progs).results]
    assert aero[0] in ("b-aluminium", "c-aerospace")
    assert aero[-1] == "a-generic"


def test_match_region_restricted_program_ranks_above_generic_one() -> None:
    progs = [program("a-generic"), program("b-regional", regions=("02",))]
    assert [r.slug for r in match(request(region="02"), progs).results] == [
        "b-regional",
        "a-generic",
    ]


def test_match_closed_left_out_by_default() -> None:
    progs = [program("closed", status="closed"), program("open")]
    assert [r.slug for r in match(request(), progs).results] == ["open"]
    with_closed = match(request(include_closed=True), progs).results
    assert [r.slug for r in with_closed] == ["open", "closed"]


def test_match_ineligible_rank_last() -> None:
    progs = [program("a-bad", regions=("06",)), program("b-off", phases=("export",))]
    slugs = [r.slug for r in match(request(region="02"), progs).results]
    assert slugs == ["b-off", "a-bad"]


def test_match_eligible_before_partial_in_same_status() -> None:
    progs = [program("a-partial", eligible_sizes=()), program("b-eligible")]
    assert [r.slug for r in match(request(), progs).results] == ["b-eligible", "a-partial"]


def test_match_ties_break_by_slug() -> None:
    progs = [program("b"), program("a"), program("c")]
    assert [r.slug for r in match(request(), progs).results] == ["a", "b", "c"]


def test_match_limit_keeps_best() -> None:
    progs = [program(f"p{i}") for i in range(30)]
    assert len(match(request(limit=15), progs).results) == 15


def test_match_names_and_details_follow_language() -> None:
    prog = program(regions=("02",))
    fr = only(request(lang="fr"), prog)
    en = only(request(lang="en"), prog)
    assert (fr.name, en.name) == ("Programme p", "Program p")
    assert statuses(fr) == statuses(en)
    assert fr.criteria[0].detail != en.criteria[0].detail


def test_match_to_dict_has_documented_shape() -> None:
    out = match(request(limit=1), [program(max_amount_cad=500000.0)]).to_dict()
    item = out["results"][0]
    assert item["program"] == "p"
    assert item["max_amount_cad"] == 500000
    assert item["url"] == "https://example.org/p"
    assert {"verdict", "score", "status", "criteria", "name"} <= set(item)
    assert set(item["criteria"][0]) == {"criterion", "status", "detail"}


# ------------------------------------------------------------------------- parsing


def valid_input() -> dict[str, Any]:
    return {
        "organization": {
            "employees": 45,
            "annual_revenue_cad": 12000000,
            "region": "02",
            "naics": "331318",
            "founded_year": 2004,
            "legal_form": "corporation",
        },
        "project": {"goals": ["productivity_automation"], "cost_cad": 1500000},
        "limit": 15,
    }


def test_parse_match_request_accepts_documented_example() -> None:
    req = parse_match_request(valid_input(), today=TODAY)
    assert req.organization.employees == 45
    assert req.project.goals == ("productivity_automation",)
    assert req.limit == 15
    assert req.lang == "fr"


def test_parse_match_request_optional_fields_may_be_absent() -> None:
    data = {"organization": {"employees": 3, "region": "06"}, "project": {"goals": ["startup"]}}
    req = parse_match_request(data, today=TODAY)
    assert req.organization.naics is None
    assert req.organization.annual_revenue_cad is None


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("organization", "region"), "18", "organization.region"),
        (("organization", "region"), 2, "organization.region"),
        (("organization", "naics"), "3313", "organization.naics"),
        (("organization", "employees"), -1, "organization.employees"),
        (("organization", "employees"), None, "organization.employees"),
        (("organization", "founded_year"), 2027, "organization.founded_year"),
        (("organization", "legal_form"), "llc", "organization.legal_form"),
        (("organization", "annual_revenue_cad"), "lots", "organization.annual_revenue_cad"),
        (("project", "goals"), [], "project.goals"),
        (("project", "goals"), ["growth", "space"], "project.goals[1]"),
        (("project", "cost_cad"), 0, "project.cost_cad"),
        (("limit",), 0, "input.limit"),
    ],
)
def test_parse_match_request_names_bad_field(path: tuple[str, ...], value: Any, field: str) -> None:
    data = valid_input()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(EngineInputError) as info:
        parse_match_request(data, today=TODAY)
    assert info.value.field == field


def test_parse_match_request_missing_project_names_it() -> None:
    data = valid_input()
    del data["project"]
    with pytest.raises(EngineInputError) as info:
        parse_match_request(data, today=TODAY)
    assert info.value.field == "project"


# ---------------------------------------------------------------------- properties

phase_sets = st.lists(st.sampled_from(PHASES), min_size=1, max_size=3, unique=True)
programs_strategy = st.builds(
    Program,
    slug=st.text("abcdefgh", min_size=3, max_size=8),
    name_fr=st.just("P"),
    name_en=st.just("P"),
    phases=phase_sets.map(tuple),
    eligible_sizes=st.lists(st.sampled_from(SIZE_CLASSES), unique=True).map(tuple),
    regions=st.lists(st.sampled_from(REGION_CODES), max_size=3, unique=True).map(tuple),
    status=st.sampled_from(("open", "paused", "unknown", "closed")),
    evidence_confidence=st.sampled_from(("high", "medium", "low")),
    employees_max=st.one_of(st.none(), st.integers(0, 600)),
    revenue_min_cad=st.one_of(st.none(), st.floats(0, 5e7)),
    founder_age_min=st.one_of(st.none(), st.just(18)),
    founder_age_max=st.one_of(st.none(), st.just(39)),
    years_in_business_max=st.one_of(st.none(), st.integers(1, 5)),
    other_conditions_en=st.sampled_from(("", "Members only.")),
    aid_types=st.sampled_from((("grant",), ("loan",), ("tax_credit",), ("network",))),
    requires_export_project=st.booleans(),
    regions_excluded=st.sampled_from(((), ("06", "13"))),
    sector_focus=st.sampled_from(((), ("aluminium",), ("aerospace",))),
)
requests_strategy = st.builds(
    request,
    employees=st.integers(0, 2000),
    region=st.sampled_from(REGION_CODES),
    revenue=st.one_of(st.none(), st.floats(0, 1e8)),
    founded_year=st.one_of(st.none(), st.integers(1950, 2026)),
    founder_age=st.one_of(st.none(), st.integers(16, 80)),
    goals=phase_sets.map(tuple),
    include_closed=st.booleans(),
    export_markets=st.sampled_from(((), ("US",))),
    naics=st.sampled_from((None, "331318", "336413")),
)


def violates_stated_constraint(p: Program, req: MatchRequest) -> bool:
    """An independent statement of "the business cannot get this program"."""
    org = req.organization
    if p.eligible_sizes and size_class(org.employees) not in p.eligible_sizes:
        return True
    if p.regions and org.region not in p.regions:
        return True
    if org.region in p.regions_excluded:
        return True
    if p.employees_max is not None and org.employees > p.employees_max:
        return True
    revenue = org.annual_revenue_cad
    if p.revenue_min_cad is not None and revenue is not None and revenue < p.revenue_min_cad:
        return True
    age = org.founder_age
    if age is not None and p.founder_age_max is not None and age > p.founder_age_max:
        return True
    if age is not None and p.founder_age_min is not None and age < p.founder_age_min:
        return True
    if p.years_in_business_max is not None and org.founded_year is not None:
        return TODAY.year - org.founded_year - 1 >= p.years_in_business_max
    return False


@settings(max_examples=150, deadline=None)
@given(progs=st.lists(programs_strategy, max_size=12), req=requests_strategy)
def test_match_never_calls_an_unobtainable_program_eligible(
    progs: list[Program], req: MatchRequest
) -> None:
    for result in match(req, progs).results:
        if violates_stated_constraint(result.program, req):
            assert result.verdict == "ineligible"
        if result.verdict == "eligible":
            assert all(c.status == "pass" for c in result.criteria)


@settings(max_examples=150, deadline=None)
@given(
    progs=st.lists(programs_strategy, max_size=25),
    req=requests_strategy,
    limit=st.integers(1, 8),
)
def test_match_limit_returns_the_head_of_the_full_ranking(
    progs: list[Program], req: MatchRequest, limit: int
) -> None:
    """The pruned ranking (only each goal's best are interleaved) is the full one cut."""
    progs = [replace(p, slug=f"{p.slug}{i}") for i, p in enumerate(progs)]
    full = [r.slug for r in match(replace(req, limit=None), progs).results]
    cut = [r.slug for r in match(replace(req, limit=limit), progs).results]
    assert cut == full[:limit]


@settings(max_examples=150, deadline=None)
@given(progs=st.lists(programs_strategy, max_size=12), req=requests_strategy)
def test_match_scores_are_in_unit_interval_and_sorted(
    progs: list[Program], req: MatchRequest
) -> None:
    progs = [replace(p, slug=f"{p.slug}{i}") for i, p in enumerate(progs)]
    results = match(req, progs).results
    scores = [r.score for r in results]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    if not req.include_closed:
        assert all(r.program.status != "closed" for r in results)
    # Relevance dominates: no irrelevant program above a relevant, not-ineligible one.
    seen_irrelevant = False
    for r in results:
        if r.verdict != "ineligible":
            if not (r.relevant or r.implied_phases):
                seen_irrelevant = True
            else:
                assert not seen_irrelevant
