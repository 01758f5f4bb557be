"""Tests of the financing-plan engine (no Django)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluhub.engines.errors import EngineInputError
from aluhub.engines.funding_plan import (
    DEFAULT_PUBLIC_AID_CAP_PCT,
    NON_REPAYABLE,
    PlanRequest,
    choose_instrument,
    format_pct,
    parse_plan_request,
    plan,
)
from aluhub.engines.matching import (
    PHASES,
    MatchRequest,
    Organization,
    Program,
    Project,
    match,
)
from aluhub.engines.sizes import SIZE_CLASSES

TODAY = date(2026, 6, 1)


def program(slug: str, **fields: Any) -> Program:
    base: dict[str, Any] = {
        "name_fr": slug,
        "name_en": slug,
        "aid_types": ("grant",),
        "phases": ("productivity_automation",),
        "eligible_sizes": SIZE_CLASSES,
        "status": "open",
        "evidence_confidence": "high",
    }
    base.update(fields)
    return Program(slug=slug, **base)


def plan_request(
    eligible: float = 1_000_000,
    *,
    cap: float | None = 75,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    employees: int = 45,
    region: str = "02",
    goals: tuple[str, ...] = ("productivity_automation",),
) -> PlanRequest:
    return PlanRequest(
        organization=Organization(employees=employees, region=region, naics="331318"),
        project=Project(goals=goals, cost_cad=max(eligible, 1.0), eligible_costs_cad=eligible),
        eligible_costs_cad=eligible,
        today=TODAY,
        include=include,
        exclude=exclude,
        max_public_aid_pct=cap,
        lang="en",
    )


def amounts(result: Any) -> dict[str, int]:
    return {line.program: line.amount_cad for line in result.lines}


# ------------------------------------------------------------------ hand-checked


def test_plan_grant_bounded_by_max_amount() -> None:
    result = plan(plan_request(200_000), [program("g", cost_share_pct=50, max_amount_cad=50_000)])
    assert amounts(result) == {"g": 50_000}
    assert result.lines[0].bound == "max_amount"


def test_plan_grant_bounded_by_cost_share() -> None:
    result = plan(plan_request(60_000), [program("g", cost_share_pct=50, max_amount_cad=50_000)])
    assert amounts(result) == {"g": 30_000}
    assert result.lines[0].bound == "cost_share"


def test_plan_prefers_non_repayable_aid_under_the_cap() -> None:
    progs = [
        program("grant", cost_share_pct=30, max_amount_cad=1_000_000),
        program("loan", aid_types=("loan",), cost_share_pct=50, max_amount_cad=1_000_000),
    ]
    result = plan(plan_request(1_000_000, cap=50), progs)
    # Grant first (300 000 = 30 %), the loan fills the rest of the 50 % cap.
    assert amounts(result) == {"grant": 300_000, "loan": 200_000}
    assert {line.program: line.bound for line in result.lines} == {
        "grant": "cost_share",
        "loan": "public_aid_cap",
    }
    assert result.total_non_repayable_cad == 300_000
    assert result.total_repayable_cad == 200_000
    assert result.public_aid_pct == 50.0


def test_plan_cap_limits_stacked_grants() -> None:
    progs = [
        program("a", cost_share_pct=50, max_amount_cad=400_000),
        program("b", cost_share_pct=40, max_amount_cad=400_000),
    ]
    result = plan(plan_request(1_000_000, cap=50), progs)
    assert result.total_aid_cad == 500_000


def test_plan_default_cap_applies_and_is_reported() -> None:
    progs = [program("a", cost_share_pct=80, max_amount_cad=900_000)]
    result = plan(plan_request(1_000_000, cap=None), progs)
    assert result.public_aid_cap_pct == DEFAULT_PUBLIC_AID_CAP_PCT
    assert result.total_aid_cad == 500_000
    assert any("default" in w for w in result.warnings)


def test_plan_ineligible_program_never_enters_even_pinned() -> None:
    progs = [program("regional", regions=("06",), cost_share_pct=50, max_amount_cad=10_000)]
    result = plan(plan_request(100_000, include=("regional",)), progs)
    assert result.lines == ()
    assert any(w.startswith("regional: pinned but ineligible") for w in result.warnings)


def test_plan_partial_program_enters_with_warning() -> None:
    progs = [program("maybe", eligible_sizes=(), cost_share_pct=50, max_amount_cad=10_000)]
    result = plan(plan_request(100_000), progs)
    assert amounts(result) == {"maybe": 10_000}
    assert result.lines[0].verdict == "partial"
    assert any(w.startswith("maybe: included subject to confirmation") for w in result.warnings)


def test_plan_paused_and_closed_programs_stay_out() -> None:
    progs = [
        program("paused", status="paused", cost_share_pct=50, max_amount_cad=10_000),
        program("closed", status="closed", cost_share_pct=50, max_amount_cad=10_000),
    ]
    result = plan(plan_request(100_000), progs)
    assert result.lines == ()


def test_plan_irrelevant_programs_stay_out_unless_pinned() -> None:
    progs = [program("export", phases=("export",), cost_share_pct=50, max_amount_cad=10_000)]
    assert plan(plan_request(100_000), progs).lines == ()
    pinned = plan(plan_request(100_000, include=("export",)), progs)
    assert amounts(pinned) == {"export": 10_000}


def test_plan_without_terms_is_amount_unknown() -> None:
    progs = [
        program("no-terms"),
        program("per-intern", cost_share_pct=50, max_amount_cad=7_500, amount_basis="per_unit"),
        program("loan-max-only", aid_types=("loan",), max_amount_cad=50_000),
    ]
    result = plan(plan_request(100_000), progs)
    assert result.lines == ()
    assert result.not_quantified == ("no-terms", "per-intern", "loan-max-only")
    assert sum("amount unknown" in w for w in result.warnings) == 3


def test_plan_grant_with_maximum_only_counts_within_the_cap_with_warning() -> None:
    """A grant that publishes "up to $25,000" and no rate: counted up to its maximum,
    the cumulative cap bounding it, flagged as an estimate."""
    small = plan(plan_request(60_000, cap=50), [program("max-only", max_amount_cad=25_000)])
    assert amounts(small) == {"max-only": 25_000}
    assert small.lines[0].bound == "max_amount"
    assert any(w.startswith("max-only: no published cost share") for w in small.warnings)
    big = plan(plan_request(30_000, cap=50), [program("max-only", max_amount_cad=25_000)])
    assert amounts(big) == {"max-only": 15_000}
    assert big.lines[0].bound == "public_aid_cap"


def test_plan_grant_with_published_rate_before_maximum_only_grant() -> None:
    progs = [
        program("a-max-only", max_amount_cad=100_000),
        program("b-rated", cost_share_pct=40, max_amount_cad=100_000),
    ]
    result = plan(plan_request(100_000, cap=50), progs)
    assert amounts(result) == {"b-rated": 40_000, "a-max-only": 10_000}


def test_plan_cost_share_without_max_uses_the_rate_with_warning() -> None:
    result = plan(plan_request(100_000), [program("rate-only", cost_share_pct=50)])
    assert amounts(result) == {"rate-only": 50_000}
    assert result.lines[0].bound == "cost_share"
    assert any(w.startswith("rate-only: no published maximum") for w in result.warnings)


def test_plan_tax_credit_needs_only_its_rate() -> None:
    progs = [program("credit", aid_types=("tax_credit",), cost_share_pct=25)]
    result = plan(plan_request(1_200_000), progs)
    assert amounts(result) == {"credit": 300_000}
    assert result.total_tax_credit_cad == 300_000
    assert result.total_grant_cad == 0


def test_plan_minimum_amount_above_bounds_keeps_program_out() -> None:
    progs = [
        program(
            "big-loan",
            aid_types=("loan",),
            cost_share_pct=20,
            max_amount_cad=1_000_000,
            amount_min_cad=250_000,
        )
    ]
    assert plan(plan_request(1_000_000), progs).lines == ()
    assert amounts(plan(plan_request(2_000_000), progs)) == {"big-loan": 400_000}


def test_plan_minimum_amount_is_all_or_nothing_under_cap() -> None:
    progs = [
        program("grant", cost_share_pct=40, max_amount_cad=1_000_000),
        program(
            "loan",
            aid_types=("loan",),
            cost_share_pct=50,
            max_amount_cad=1_000_000,
            amount_min_cad=250_000,
        ),
    ]
    # Cap 50 %: the grant takes 400 000; the loan would need at least 250 000 but only
    # 100 000 of room is left, so the MILP leaves it out.
    result = plan(plan_request(1_000_000, cap=50), progs)
    assert amounts(result) == {"grant": 400_000}


def test_plan_program_own_cap_limits_the_whole_stack() -> None:
    progs = [
        program("strict", cost_share_pct=40, max_amount_cad=400_000, public_aid_cap_pct=40),
        program("other", cost_share_pct=30, max_amount_cad=300_000),
    ]
    result = plan(plan_request(1_000_000, cap=75), progs)
    # Using "strict" caps all aid at 40 %; without it at most 30 %: 40 % wins.
    assert result.total_aid_cad == 400_000


def test_plan_pinned_program_gets_what_the_cap_leaves_after_grants() -> None:
    progs = [
        program("grant", cost_share_pct=30, max_amount_cad=1_000_000),
        program("loan", aid_types=("loan",), cost_share_pct=30, max_amount_cad=1_000_000),
    ]
    result = plan(plan_request(1_000_000, cap=50, include=("loan",)), progs)
    assert amounts(result) == {"grant": 300_000, "loan": 200_000}


def test_plan_pin_never_crowds_grants_out_of_the_cap() -> None:
    progs = [
        program("grant", cost_share_pct=50, max_amount_cad=1_000_000),
        program("credit", aid_types=("tax_credit",), cost_share_pct=35, max_amount_cad=None),
    ]
    result = plan(plan_request(1_000_000, cap=30, include=("credit",)), progs)
    # The pin stays in the plan as a line whose amount is to confirm.
    assert amounts(result) == {"grant": 300_000, "credit": 0}
    assert [line.program for line in result.lines if line.to_confirm] == ["credit"]
    assert result.total_aid_cad == 300_000
    assert any(w.startswith("credit: pinned") and "cap" in w for w in result.warnings)


def test_plan_excluded_program_is_removed() -> None:
    progs = [
        program("a", cost_share_pct=50, max_amount_cad=10_000),
        program("b", cost_share_pct=50, max_amount_cad=20_000),
    ]
    assert amounts(plan(plan_request(100_000, exclude=("b",)), progs)) == {"a": 10_000}


def test_plan_unknown_pinned_slug_is_an_input_error() -> None:
    with pytest.raises(EngineInputError) as info:
        plan(plan_request(include=("nope",)), [program("a")])
    assert info.value.field == "include[0]"


def test_plan_large_firm_uses_large_firm_cost_share() -> None:
    prog = program("rd", cost_share_pct=40, cost_share_pct_large_firm=20, max_amount_cad=1e6)
    assert amounts(plan(plan_request(1_000_000, employees=50), [prog])) == {"rd": 400_000}
    assert amounts(plan(plan_request(1_000_000, employees=800), [prog])) == {"rd": 200_000}


def test_choose_instrument_prefers_declared_then_grant() -> None:
    both = program("x", aid_types=("repayable_contribution", "grant"))
    assert choose_instrument(both) == "grant"
    assert choose_instrument(replace(both, plan_instrument="repayable_contribution")) == (
        "repayable_contribution"
    )
    assert choose_instrument(program("s", aid_types=("advisory_service", "equity"))) is None


def test_parse_plan_request_documented_example() -> None:
    data = {
        "organization": {"employees": 45, "region": "02", "naics": "331318", "founded_year": 2004},
        "project": {
            "goals": ["productivity_automation"],
            "cost_cad": 1500000,
            "eligible_costs_cad": 1200000,
        },
        "include": ["rq-c3i-credit-investissement-innovation"],
        "exclude": [],
        "max_public_aid_pct": 75,
    }
    req = parse_plan_request(data, today=TODAY)
    assert req.eligible_costs_cad == 1_200_000
    assert req.include == ("rq-c3i-credit-investissement-innovation",)
    assert req.max_public_aid_pct == 75


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"max_public_aid_pct": 120}, "max_public_aid_pct"),
        ({"max_public_aid_pct": 0}, "max_public_aid_pct"),
        ({"include": "a"}, "include"),
        ({"project": {"goals": ["growth"]}}, "project.eligible_costs_cad"),
        (
            {"project": {"goals": ["growth"], "cost_cad": 10, "eligible_costs_cad": 20}},
            "project.eligible_costs_cad",
        ),
    ],
)
def test_parse_plan_request_names_bad_field(change: dict[str, Any], field: str) -> None:
    data: dict[str, Any] = {
        "organization": {"employees": 5, "region": "06"},
        "project": {"goals": ["growth"], "cost_cad": 1000},
    }
    data.update(change)
    with pytest.raises(EngineInputError) as info:
        parse_plan_request(data, today=TODAY)
    assert info.value.field == field


# -------------------------------------------------------------------- properties

programs_strategy = st.builds(
    program,
    slug=st.just("x"),
    aid_types=st.lists(
        st.sampled_from(("grant", "tax_credit", "loan", "repayable_contribution", "equity")),
        min_size=1,
        max_size=2,
        unique=True,
    ).map(tuple),
    phases=st.lists(st.sampled_from(PHASES[:4]), min_size=1, max_size=2, unique=True).map(tuple),
    eligible_sizes=st.lists(st.sampled_from(SIZE_CLASSES), unique=True).map(tuple),
    regions=st.sampled_from(((), ("02",), ("06",))),
    status=st.sampled_from(("open", "open", "unknown", "paused")),
    cost_share_pct=st.one_of(st.none(), st.integers(5, 90).map(float)),
    max_amount_cad=st.one_of(st.none(), st.integers(1_000, 2_000_000).map(float)),
    amount_min_cad=st.one_of(st.none(), st.integers(1_000, 300_000).map(float)),
    public_aid_cap_pct=st.one_of(st.none(), st.none(), st.integers(20, 90).map(float)),
)
catalogues = st.lists(programs_strategy, max_size=10).map(
    lambda progs: [replace(p, slug=f"p{i}") for i, p in enumerate(progs)]
)
plan_requests = st.builds(
    plan_request,
    eligible=st.integers(0, 5_000_000).map(float),
    cap=st.one_of(st.none(), st.integers(1, 100).map(float)),
    employees=st.integers(0, 900),
    region=st.sampled_from(("02", "06", "11")),
    goals=st.lists(st.sampled_from(PHASES[:4]), min_size=1, max_size=2, unique=True).map(tuple),
)


def verdicts(req: PlanRequest, progs: list[Program]) -> dict[str, str]:
    results = match(
        MatchRequest(req.organization, req.project, TODAY, limit=None, include_closed=True),
        progs,
    ).results
    return {r.slug: r.verdict for r in results}


@settings(max_examples=120, deadline=None)
@given(progs=catalogues, req=plan_requests)
def test_plan_lines_respect_every_bound(progs: list[Program], req: PlanRequest) -> None:
    result = plan(req, progs)
    by_slug = {p.slug: p for p in progs}
    eligible = req.eligible_costs_cad
    cap_pct = req.max_public_aid_pct or DEFAULT_PUBLIC_AID_CAP_PCT
    verdict = verdicts(req, progs)
    for line in result.lines:
        p = by_slug[line.program]
        assert line.amount_cad > 0
        assert verdict[p.slug] != "ineligible"
        assert p.status in ("open", "unknown")
        if p.cost_share_pct is not None:
            assert line.amount_cad <= p.cost_share_pct / 100 * eligible + 1e-6
        if p.max_amount_cad is not None:
            assert line.amount_cad <= p.max_amount_cad
        if p.amount_min_cad is not None:
            assert line.amount_cad >= p.amount_min_cad
        if p.public_aid_cap_pct is not None:
            assert result.total_aid_cad <= p.public_aid_cap_pct / 100 * eligible + 1e-6
    assert result.total_aid_cad <= cap_pct / 100 * eligible + 1e-6
    assert result.total_aid_cad == result.total_non_repayable_cad + result.total_repayable_cad


@settings(max_examples=120, deadline=None)
@given(progs=catalogues, req=plan_requests)
def test_plan_uses_available_grants(progs: list[Program], req: PlanRequest) -> None:
    """With simple grants (no minimum, no own cap), non-repayable aid is
    min(cap x E, sum of the grants' bounds), to the dollar per line; with any usable
    grant, the plan has a grant line."""
    simple = [
        replace(p, aid_types=("grant",), amount_min_cad=None, public_aid_cap_pct=None)
        for p in progs
    ]
    result = plan(req, simple)
    verdict = verdicts(req, simple)
    eligible = req.eligible_costs_cad
    cap_pct = req.max_public_aid_pct or DEFAULT_PUBLIC_AID_CAP_PCT
    goals = set(req.project.goals)
    # Exact arithmetic (the rates and amounts drawn are whole numbers): in floats 29 / 100 * 100
    # is 28.999999999999996, whose floor would be a dollar under the true bound.
    bounds = [
        math.floor(
            min(
                math.inf
                if p.cost_share_pct is None
                else Fraction(p.cost_share_pct) / 100 * Fraction(eligible),
                p.max_amount_cad or math.inf,
                eligible,
            )
        )
        for p in simple
        if verdict[p.slug] != "ineligible"
        and p.status in ("open", "unknown")
        and goals & set(p.phases)
        # A grant needs a rate or a maximum to be counted.
        and (p.cost_share_pct is not None or p.max_amount_cad is not None)
    ]
    expected = min(math.floor(Fraction(cap_pct) / 100 * Fraction(eligible)), sum(bounds))
    assert expected - len(bounds) <= result.total_non_repayable_cad <= expected
    assert all(line.instrument in NON_REPAYABLE for line in result.lines)
    if expected >= len(bounds) + 1:
        assert any(line.instrument == "grant" for line in result.lines)


def test_plan_prefers_grants_to_tax_credits_under_the_cap() -> None:
    progs = [
        program("credit", aid_types=("tax_credit",), cost_share_pct=35),
        program("grant", cost_share_pct=40, max_amount_cad=1_000_000),
    ]
    result = plan(plan_request(1_000_000, cap=50), progs)
    assert amounts(result) == {"grant": 400_000, "credit": 100_000}
    assert (result.total_grant_cad, result.total_tax_credit_cad) == (400_000, 100_000)


# ------------------------------------------------------------- human-readable texts


def test_plan_warnings_name_the_program_with_its_slug() -> None:
    progs = [
        program("maybe", name_fr="Fonds Peut-être", name_en="Maybe Fund", eligible_sizes=(),
                cost_share_pct=50, max_amount_cad=10_000),
    ]  # fmt: skip
    en = plan(plan_request(100_000), progs)
    fr = plan(replace(plan_request(100_000), lang="fr"), progs)
    # Each warning names the program once.
    assert any(w.startswith("“Maybe Fund”: included subject") for w in en.warnings)
    assert any(
        w.startswith("«\u00a0Fonds Peut-être\u00a0»\u00a0: retenu sous réserve")
        for w in fr.warnings
    )
    # The JSON keeps the slug where a machine reads it.
    assert [line.program for line in fr.lines] == ["maybe"]


def test_plan_criteria_in_sentences_are_words_not_codes() -> None:
    progs = [program("maybe", eligible_sizes=(), cost_share_pct=50, max_amount_cad=10_000)]
    en = plan(plan_request(100_000), progs)
    fr = plan(replace(plan_request(100_000), lang="fr"), progs)
    # Employees given but no size list: the size criterion is unknown.
    assert "company size" in en.lines[0].why
    assert "taille de l’entreprise" in fr.lines[0].why
    for text in (*en.warnings, *fr.warnings, en.lines[0].why, fr.lines[0].why):
        # The bare code, as the sentences used to show it: "(size)", ": size.".
        assert "(size" not in text and " size." not in text.replace("company size.", "")


def test_plan_french_percentages_use_comma_and_no_break_space() -> None:
    progs = [program("g", cost_share_pct=12.5, max_amount_cad=900_000)]
    fr = plan(replace(plan_request(100_000, cap=None), lang="fr"), progs)
    en = plan(plan_request(100_000, cap=None), progs)
    assert fr.lines[0].why.endswith("taux d’aide de 12,5\u00a0% des dépenses admissibles.")
    assert en.lines[0].why.endswith("cost share of 12.5% of eligible costs.")
    assert fr.warnings[0] == (
        "Cumul des aides publiques fixé par défaut à 50\u00a0% des dépenses admissibles."
    )
    assert "Pertinent pour\u00a0: " in fr.lines[0].why


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_format_pct_french_is_english_with_a_decimal_comma(value: float) -> None:
    assert format_pct(value, "fr") == format_pct(value, "en").replace(".", ",")
    assert float(format_pct(value, "en")) == pytest.approx(value, rel=1e-5)


def test_per_unit_program_counts_its_units_within_its_caps() -> None:
    intern = program(
        "interns", cost_share_pct=None, max_amount_cad=20_000, amount_basis="per_unit",
        amount_per_unit_cad=7_500,
    )  # fmt: skip
    two = plan(replace(plan_request(200_000, include=("interns",)), units={"interns": 2}), [intern])
    assert amounts(two) == {"interns": 15_000}
    assert two.lines[0].units == 2 and not two.lines[0].to_confirm
    # Three units would be 22,500: the program's maximum holds it at 20,000.
    three = plan(
        replace(plan_request(200_000, include=("interns",)), units={"interns": 3}), [intern]
    )
    assert amounts(three) == {"interns": 20_000}


def test_pinned_per_unit_program_without_units_is_a_line_to_confirm() -> None:
    intern = program("interns", amount_basis="per_unit", amount_per_unit_cad=7_500)
    result = plan(plan_request(200_000, include=("interns",)), [intern])
    assert [(line.program, line.amount_cad, line.to_confirm) for line in result.lines] == [
        ("interns", 0, True)
    ]
    assert sum("interns" in w for w in result.warnings) == 1


def test_units_must_be_whole_numbers() -> None:
    with pytest.raises(EngineInputError) as info:
        parse_plan_request(
            {
                "organization": {"employees": 40, "region": "02", "naics": "331318"},
                "project": {"goals": ["innovation_rd"], "eligible_costs_cad": 1000},
                "units": {"a": 0},
            },
            today=date(2026, 12, 4),
        )
    assert info.value.field == "units.a"


@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["fr", "en"]))
def test_format_pct_is_byte_for_byte_the_former_g_rule(value: float, lang: Any) -> None:
    # Before engines.text: %g on the value (no "-0"), the point swapped for a comma in French.
    former = f"{value + 0.0:g}"
    assert format_pct(value, lang) == (former.replace(".", ",") if lang == "fr" else former)
