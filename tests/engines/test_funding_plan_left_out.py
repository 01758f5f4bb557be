"""The plan names every eligible program it does not use (``left_out``), with the reason the
engine really had, and never gives it an amount (no Django)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aluhub.engines.funding_plan import plan
from tests.engines.test_funding_plan import amounts, plan_request, program


def reasons(result: Any) -> dict[str, str]:
    return {item.program: item.reason for item in result.left_out}


def test_a_ceiling_only_grant_crowded_out_by_a_rated_one_is_left_out_with_its_reason() -> None:
    progs = [
        program("rated", cost_share_pct=50, max_amount_cad=500_000),
        program("ceiling-only", max_amount_cad=100_000),
    ]
    result = plan(plan_request(400_000, cap=50), progs)

    assert amounts(result) == {"rated": 200_000}
    assert reasons(result) == {"ceiling-only": "left.rate_unknown"}
    item = result.to_dict()["left_out"][0]
    assert (item["amount_cad"], item["reasons"]) == (
        None,
        [{"code": "left.rate_unknown", "params": {"pct": 50}}],
    )
    assert item["why"] == (
        "No published cost share (its amount would only be an estimate, counted after the "
        "programs with a published rate); the programs in the plan already reach the 50% "
        "public-aid cap."
    )


def test_each_program_left_out_says_what_the_engine_decided() -> None:
    progs = [
        program("rated", cost_share_pct=50, max_amount_cad=500_000),
        program("loan", aid_types=("loan",), cost_share_pct=50, max_amount_cad=500_000),
        program("loan-max-only", aid_types=("loan",), max_amount_cad=50_000),
        program("paused", status="paused", cost_share_pct=50),
        program("closed", status="closed", cost_share_pct=50),
        program("services", aid_types=("advisory_service",)),
        program("aid-not-stated", aid_types=()),
        program("big-minimum", cost_share_pct=10, amount_min_cad=90_000),
        program("elsewhere", regions=("06",), cost_share_pct=50),
        program("other-goal", phases=("export",), cost_share_pct=50),
    ]
    result = plan(plan_request(400_000, cap=50), progs)

    assert amounts(result) == {"rated": 200_000}
    # Ineligible, irrelevant and closed programs are not "also eligible".
    assert reasons(result) == {
        "loan": "left.cap_reached",
        "loan-max-only": "left.amount_unknown",
        "paused": "left.status",
        "services": "left.no_money",
        "aid-not-stated": "left.aid_unknown",
        "big-minimum": "left.minimum",
    }
    said = {item.program: item.why for item in result.left_out}
    assert said["loan-max-only"] == (
        "Amount unknown (cost share not stated); to quantify with the funder."
    )
    assert said["aid-not-stated"] == (
        "Form of aid not stated by the source; to confirm with the funder."
    )
    assert said["big-minimum"].startswith("Its minimum amount ($90,000) exceeds")


def test_pinned_programs_left_out_are_listed_and_those_with_a_line_are_not() -> None:
    progs = [
        program("rated", cost_share_pct=50, max_amount_cad=500_000),
        program("pinned-closed", status="closed", cost_share_pct=50),
        program("pinned-no-terms"),
    ]
    pins = ("pinned-closed", "pinned-no-terms")
    result = plan(plan_request(400_000, cap=50, include=pins), progs)

    # The pin without terms is a line "amount to confirm"; the closed pin is left out.
    assert [line.program for line in result.lines] == ["rated", "pinned-no-terms"]
    assert reasons(result) == {"pinned-closed": "left.status"}
    assert result.left_out[0].pinned is True
    assert result.left_out[0].why == "The program is closed; it takes no applications now."


def test_a_partial_match_left_out_says_what_to_confirm_in_french() -> None:
    progs = [
        program("rated", cost_share_pct=50, max_amount_cad=500_000),
        program("maybe", max_amount_cad=100_000, other_conditions_fr="Un partenaire de recherche."),
    ]
    result = plan(replace(plan_request(400_000, cap=50), lang="fr"), progs)

    (item,) = result.left_out
    assert (item.program, item.verdict) == ("maybe", "partial")
    assert item.why.endswith("Admissibilité à confirmer (autres conditions).")


def test_a_pinned_program_whose_aid_is_not_stated_is_not_said_to_pay_nothing() -> None:
    progs = [program("aid-not-stated", aid_types=())]
    result = plan(plan_request(400_000, cap=50, include=("aid-not-stated",)), progs)

    assert reasons(result) == {"aid-not-stated": "left.aid_unknown"}
    assert (
        "aid-not-stated: pinned, but the source does not state the form of aid; left out, "
        "to confirm with the funder."
    ) in result.warnings
    assert not any("services, equity or guarantee" in w for w in result.warnings)
