"""Tests of the melt-charge optimizer (no Django).

Expected values come from hand calculations written next to each test, from an independent
PuLP + CBC formulation in kg (Hypothesis), or from the published IBM "ALLOY" optimum.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pulp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from aluhub.engines.blend import AlloySpec, Limit, blend
from aluhub.engines.errors import EngineInputError

DATA = Path(__file__).parent / "data"
REL = 1e-6


def mat(
    mid: str,
    price: float,
    comp: dict[str, float],
    *,
    kind: str = "scrap",
    avail: float | None = None,
    yld: float = 1.0,
    sd: dict[str, float] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": mid,
        "kind": kind,
        "price_per_kg": price,
        "available_kg": avail,
        "yield": yld,
        "composition": comp,
    }
    if sd:
        out["composition_sd"] = sd
    return out


def problem(
    materials: list[dict[str, Any]],
    limits: dict[str, dict[str, float | None]],
    *,
    alloy: str | None = None,
    mass: float = 1000.0,
    **extra: Any,
) -> dict[str, Any]:
    return {"target": {"alloy": alloy, "mass_kg": mass}, "limits": limits, "materials": materials}


def kg(result: dict[str, Any], mid: str) -> float:
    return sum(line["kg"] for line in result["charge"] if line["id"] == mid)


def share(data: dict[str, Any], result: dict[str, Any], key: str) -> float:
    """Share (%) of a limit key in the melt, recomputed from the input (Al = remainder)."""
    charge = {line["id"]: line["kg"] for line in result["charge"]}
    total = 0.0
    for m in data["materials"]:
        x = charge.get(m["id"], 0.0)
        comp = m["composition"]
        for part in key.split("+"):
            if part == "Al":
                c = 100.0 - sum(v for e, v in comp.items() if e != "Al")
            else:
                c = comp.get(part, 0.0)
            total += (m.get("yield") or 1.0) * x * c
    return total / data["target"]["mass_kg"]


def assert_meets_limits(data: dict[str, Any], result: dict[str, Any]) -> None:
    """The charge, recomputed from the input, meets mass, availability and limits."""
    mass = data["target"]["mass_kg"]
    charge = {line["id"]: line["kg"] for line in result["charge"]}
    melt = 0.0
    for m in data["materials"]:
        x = charge.get(m["id"], 0.0)
        assert x >= 0
        if m["available_kg"] is not None:
            assert x <= m["available_kg"]
        melt += (m.get("yield") or 1.0) * x
    assert melt == pytest.approx(mass, rel=1e-9)
    for key, lim in data["limits"].items():
        value = share(data, result, key)
        if lim.get("max") is not None:
            assert value <= lim["max"] * (1 + REL) + 1e-12, key
        if lim.get("min") is not None:
            assert value >= lim["min"] * (1 - REL) - 1e-12, key


def solve(data: dict[str, Any], alloys: dict[str, AlloySpec] | None = None) -> dict[str, Any]:
    return blend(data, alloys or {}, lang="en").to_dict()


# --- hand-checkable cases ---------------------------------------------------------------------


def test_blend_two_material_dilution_matches_hand_calculation() -> None:
    # Fe: 0.6 x_s + 0.1 x_p = 0.3 * 1000 and x_s + x_p = 1000  =>  x_s = 400, x_p = 600.
    data = problem(
        [mat("scrap", 1.0, {"Fe": 0.6}), mat("P1020", 3.0, {"Fe": 0.1}, kind="primary")],
        {"Fe": {"max": 0.3}},
    )
    result = solve(data)
    assert result["status"] == "optimal"
    assert kg(result, "scrap") == pytest.approx(400, rel=1e-9)
    assert kg(result, "P1020") == pytest.approx(600, rel=1e-9)
    assert result["cost"] == pytest.approx(400 * 1.0 + 600 * 3.0, rel=1e-9)
    assert result["recycled_pct"] == pytest.approx(40.0, rel=1e-9)
    assert result["binding"] == ["Fe max"]
    # The scrap lot is in the basis: its break-even price is its price.
    assert result["value_in_use"]["scrap"] == pytest.approx(1.0, rel=1e-9)
    assert_meets_limits(data, result)


def test_blend_yield_scales_the_charge() -> None:
    # Same melt as above (400 kg from scrap) but 10 % of the scrap is lost: 400 / 0.9 kg charged.
    data = problem(
        [mat("scrap", 1.0, {"Fe": 0.6}, yld=0.9), mat("P1020", 3.0, {"Fe": 0.1}, kind="primary")],
        {"Fe": {"max": 0.3}},
    )
    result = solve(data)
    assert kg(result, "scrap") == pytest.approx(400 / 0.9, rel=1e-9)
    assert result["cost"] == pytest.approx(400 / 0.9 + 600 * 3.0, rel=1e-9)


def test_blend_availability_binds_and_values_scrap_at_primary_price() -> None:
    # Only 300 kg of scrap: x_p = 700; Fe = (180 + 70) / 1000 = 0.25 < 0.3 is slack, so one
    # more kg of scrap would displace one kg of primary: break-even price = 3.0.
    data = problem(
        [mat("scrap", 1.0, {"Fe": 0.6}, avail=300), mat("P1020", 3.0, {"Fe": 0.1}, kind="primary")],
        {"Fe": {"max": 0.3}},
    )
    result = solve(data)
    assert kg(result, "scrap") == 300
    assert kg(result, "P1020") == pytest.approx(700, rel=1e-9)
    assert result["binding"] == ["scrap available"]
    assert result["value_in_use"]["scrap"] == pytest.approx(3.0, rel=1e-9)


def test_blend_explanation_words_the_binding_constraints_in_its_language() -> None:
    """The French explanation (CLI, ``POST /blend?lang=fr``) said « Contraintes actives : …,
    scrap available » and « min_recycled_pct »: English words and a field name in a French
    sentence. The JSON list keeps the names."""
    data = problem(
        [mat("scrap", 3.0, {"Fe": 0.6}, avail=300), mat("P1020", 1.0, {"Fe": 0.1}, kind="primary")],
        {"Fe": {"max": 0.3}},
    )
    data["min_recycled_pct"] = 20
    fr = blend(data, {}, lang="fr").to_dict()
    en = blend(data, {}, lang="en").to_dict()
    assert fr["binding"] == en["binding"] == ["min_recycled_pct"]
    assert "Contraintes actives\u00a0: contenu recyclé minimal." in fr["explanation"]
    assert "Binding constraints: minimum recycled content." in en["explanation"]
    data["min_recycled_pct"] = None
    data["materials"][0]["price_per_kg"] = 0.5  # cheaper than primary: all 300 kg are used
    fr = blend(data, {}, lang="fr").to_dict()
    en = blend(data, {}, lang="en").to_dict()
    assert fr["binding"] == en["binding"] == ["scrap available"]
    assert "Contraintes actives\u00a0: tout «\u00a0scrap\u00a0» disponible." in fr["explanation"]
    assert "Binding constraints: all of “scrap” available." in en["explanation"]


def test_blend_value_in_use_is_the_price_at_which_a_lot_enters() -> None:
    # A clean lot (Fe 0.2) left out at 3.5 $/kg: its break-even price is where it starts to pay.
    base = [
        mat("dirty", 1.0, {"Fe": 0.6}),
        mat("P1020", 3.0, {"Fe": 0.1}, kind="primary"),
    ]
    data = problem([*base, mat("clean", 3.5, {"Fe": 0.2})], {"Fe": {"max": 0.3}})
    result = solve(data)
    assert kg(result, "clean") == 0
    viu = result["value_in_use"]["clean"]
    # By hand: a kg of clean replaces a kg dirty + b kg primary at equal mass and Fe:
    # a + b = 1, 0.6 a + 0.1 b = 0.2  =>  a = 0.2, b = 0.8, worth 0.2 * 1.0 + 0.8 * 3.0 = 2.6.
    assert viu == pytest.approx(2.6, rel=1e-9)
    below = solve(problem([*base, mat("clean", viu - 0.01, {"Fe": 0.2})], {"Fe": {"max": 0.3}}))
    assert kg(below, "clean") > 0
    above = solve(problem([*base, mat("clean", viu + 0.01, {"Fe": 0.2})], {"Fe": {"max": 0.3}}))
    assert kg(above, "clean") == 0


def test_blend_combined_key_limits_the_sum() -> None:
    # Mn+Cr >= 0.12 with Mn <= 0.05: Mn-lot (Mn 10 %) gives 0.05 (5 kg), Cr-lot the other 0.07
    # (7 kg); the rest is pure primary. Cost = 5 * 4 + 7 * 5 + 988 * 3.
    data = problem(
        [
            mat("Al", 3.0, {}, kind="primary"),
            mat("Mn10", 4.0, {"Mn": 10.0}, kind="alloying"),
            mat("Cr10", 5.0, {"Cr": 10.0}, kind="alloying"),
        ],
        {"Mn+Cr": {"min": 0.12, "max": 0.5}, "Mn": {"max": 0.05}},
    )
    result = solve(data)
    assert kg(result, "Mn10") == pytest.approx(5, rel=1e-6)
    assert kg(result, "Cr10") == pytest.approx(7, rel=1e-6)
    assert result["cost"] == pytest.approx(5 * 4 + 7 * 5 + 988 * 3, rel=1e-9)
    assert sorted(result["binding"]) == ["Mn max", "Mn+Cr min"]
    assert_meets_limits(data, result)


def test_blend_others_each_and_total_cap_unlisted_elements() -> None:
    # Four cheap lots each carry 2 % of an element the spec does not list. Each is capped by
    # Others_each (0.05 % => 25 kg), and together by Others_total (0.15 % => 75 kg in all).
    lots = [mat(f"lot-{e}", 1.0, {e: 2.0}) for e in ("Pb", "Sn", "Bi", "Ga")]
    data = problem(
        [*lots, mat("P1020", 3.0, {"Fe": 0.1}, kind="primary")],
        {"Fe": {"max": 0.3}, "Others_each": {"max": 0.05}, "Others_total": {"max": 0.15}},
    )
    result = solve(data)
    scrap = sum(kg(result, f"lot-{e}") for e in ("Pb", "Sn", "Bi", "Ga"))
    assert scrap == pytest.approx(75, rel=1e-9)
    assert result["cost"] == pytest.approx(75 * 1.0 + 925 * 3.0, rel=1e-9)
    assert "Others_total max" in result["binding"]
    for e in ("Pb", "Sn", "Bi", "Ga"):
        assert kg(result, f"lot-{e}") <= 25 * (1 + 1e-9)


def test_blend_others_come_from_the_registry_entry() -> None:
    spec = AlloySpec(
        "X",
        "wrought",
        "6xxx",
        (Limit("Fe", None, 0.35, "u"), Limit("Others_each", None, 0.05, "u")),
    )
    # Pb is not listed by X: 2 % Pb is capped at 0.05 % of the melt (25 kg of 1000).
    data = problem(
        [mat("lot", 1.0, {"Pb": 2.0}), mat("P1020", 3.0, {}, kind="primary")], {}, alloy="X"
    )
    result = solve(data, {"X": spec})
    assert kg(result, "lot") == pytest.approx(25, rel=1e-8)
    assert result["binding"] == ["Others_each[Pb] max"]


def test_blend_al_minimum_applies_to_the_remainder() -> None:
    # 1050: Al >= 99.50. Primary has 0.15 % non-Al, scrap 0.70 %: 0.15 + 0.55 w <= 0.5 gives
    # a scrap share w = 7/11 of the melt; no other 1050 limit binds at that share.
    spec = AlloySpec(
        "1050",
        "wrought",
        "1xxx",
        (
            Limit("Si", None, 0.25),
            Limit("Fe", None, 0.40),
            Limit("Cu", None, 0.05),
            Limit("Mg", None, 0.05),
            Limit("Zn", None, 0.05),
            Limit("Al", 99.50, None),
        ),
    )
    scrap = {"Si": 0.25, "Fe": 0.3, "Cu": 0.05, "Mg": 0.05, "Zn": 0.05}
    data = problem(
        [mat("scrap", 1.0, scrap), mat("P1020", 3.0, {"Si": 0.05, "Fe": 0.10}, kind="primary")],
        {},
        alloy="1050",
        mass=1100,
    )
    result = solve(data, {"1050": spec})
    assert kg(result, "scrap") == pytest.approx(700, rel=1e-9)
    assert result["binding"] == ["Al min"]
    assert result["melt_composition"]["Al"] == pytest.approx(99.5, abs=1e-9)


def test_blend_input_limit_replaces_registry_entry() -> None:
    spec = AlloySpec("X", "wrought", "6xxx", (Limit("Fe", None, 0.5, "u"),))
    mats = [mat("scrap", 1.0, {"Fe": 0.6}), mat("P1020", 3.0, {"Fe": 0.1}, kind="primary")]
    loose = solve(problem(mats, {}, alloy="X"), {"X": spec})
    tight = solve(problem(mats, {"Fe": {"max": 0.3}}, alloy="X"), {"X": spec})
    assert kg(loose, "scrap") == pytest.approx(800, rel=1e-9)  # (500 - 100) / 0.5
    assert kg(tight, "scrap") == pytest.approx(400, rel=1e-9)


def test_blend_min_recycled_content_forces_scrap() -> None:
    # Scrap here is dearer than primary; 30 % recycled content forces 300 kg of it.
    data = problem(
        [mat("scrap", 4.0, {"Fe": 0.2}), mat("P1020", 3.0, {"Fe": 0.1}, kind="primary")],
        {"Fe": {"max": 0.3}},
    )
    data["min_recycled_pct"] = 30
    result = solve(data)
    assert kg(result, "scrap") == pytest.approx(300, rel=1e-9)
    assert result["recycled_pct"] == pytest.approx(30, rel=1e-9)
    assert "min_recycled_pct" in result["binding"]


# --- infeasible cases ---------------------------------------------------------------------------


def test_blend_infeasible_names_the_limit_and_the_amount() -> None:
    # Nothing below 0.6 % Fe: the least violation of Fe <= 0.3 is 0.3 %.
    data = problem(
        [mat("scrap", 1.0, {"Fe": 0.6}), mat("s2", 1.0, {"Fe": 0.8})], {"Fe": {"max": 0.3}}
    )
    result = solve(data)
    assert result["status"] == "infeasible"
    assert result["cost"] is None
    assert result["charge"] == []
    assert [v["limit"] for v in result["violations"]] == ["Fe max"]
    assert result["violations"][0]["amount"] == pytest.approx(0.3, rel=1e-9)
    assert "Fe" in result["explanation"]
    assert "0.3" in result["explanation"]


def test_blend_infeasible_when_not_enough_material() -> None:
    data = problem([mat("scrap", 1.0, {}, avail=400, yld=0.5)], {"Fe": {"max": 0.3}})
    result = solve(data)
    assert result["status"] == "infeasible"
    assert result["violations"] == [
        {"limit": "mass", "bound": 1000.0, "value": 200.0, "amount": 800.0}
    ]


def test_blend_infeasible_explanation_in_french_by_default() -> None:
    data = problem([mat("scrap", 1.0, {"Fe": 0.6})], {"Fe": {"max": 0.3}})
    result = blend(data, {}).to_dict()
    assert result["explanation"].startswith("Aucune charge")


# --- IBM ALLOY ------------------------------------------------------------------------------------


def test_blend_ibm_alloy_reaches_published_optimum() -> None:
    data = json.loads((DATA / "blend_ibm_alloy.json").read_text())
    result = solve(data)
    assert result["status"] == "optimal"
    assert result["cost"] == pytest.approx(2149.247891, rel=1e-9)
    assert kg(result, "SC1") <= 900
    assert_meets_limits(data, result)


def test_blend_ibm_alloy_fixture_agrees_with_the_original_rows() -> None:
    # The MPS model in its own form: rows in lbs with a furnace load >= 10000 (not "="),
    # solved directly; it must give the published optimum as well.
    data = json.loads((DATA / "blend_ibm_alloy.json").read_text())
    mats = data["materials"]
    c = [m["price_per_kg"] for m in mats]
    A_ub: list[list[float]] = []
    b_ub: list[float] = []
    for key, lim in data["limits"].items():
        row = [m["composition"].get(key, 0.0) / 100 for m in mats]
        if lim["max"] is not None:
            A_ub.append(row)
            b_ub.append(lim["max"] * 100)
        if lim["min"] is not None:
            A_ub.append([-v for v in row])
            b_ub.append(-lim["min"] * 100)
    A_ub.append([-1.0] * len(mats))
    b_ub.append(-10000)
    bounds = [(0, m["available_kg"]) for m in mats]
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs")
    assert res.fun == pytest.approx(2149.247891, rel=1e-9)


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["target"].update(mass_kg=-5), "target.mass_kg"),
        (
            lambda d: d["materials"][0].update(composition={"Fe": 60, "Si": 50}),
            "materials[0].composition",
        ),
        (lambda d: d["materials"][1].update(yld=None, **{"yield": 0}), "materials[1].yield"),
        (lambda d: d["materials"][1].update(**{"yield": 1.2}), "materials[1].yield"),
        (lambda d: d["materials"][1].update(id="scrap"), "materials[1].id"),
        (lambda d: d["materials"][0].update(price_per_kg=-1), "materials[0].price_per_kg"),
        (lambda d: d["materials"][0].update(available_kg=-1), "materials[0].available_kg"),
        (lambda d: d["materials"][0].update(kind="junk"), "materials[0].kind"),
        (lambda d: d.update(limits={"Fe": {"min": 0.5, "max": 0.3}}), "limits.Fe.min"),
        (lambda d: d.update(confidence=1.5), "confidence"),
        (lambda d: d.update(min_recycled_pct=120), "min_recycled_pct"),
        (lambda d: d.update(limits={}), "target.alloy"),
        (lambda d: (d.update(limits={}), d["target"].update(alloy="9999")), "target.alloy"),
        (lambda d: d.update(materials=[]), "materials"),
    ],
)
def test_blend_rejects_bad_field(change: Any, field: str) -> None:
    data = problem(
        [mat("scrap", 1.0, {"Fe": 0.6}), mat("P1020", 3.0, {"Fe": 0.1}, kind="primary")],
        {"Fe": {"max": 0.3}},
    )
    change(data)
    with pytest.raises(EngineInputError) as err:
        blend(data, {})
    assert err.value.field == field


# --- confidence ---------------------------------------------------------------------------------


def test_blend_confidence_lowers_out_of_spec_probability() -> None:
    mats = [
        mat("scrap", 1.0, {"Fe": 0.6}, sd={"Fe": 0.1}),
        mat("P1020", 3.0, {"Fe": 0.1}, kind="primary", sd={"Fe": 0.01}),
    ]
    plain = solve(problem(mats, {"Fe": {"max": 0.3}}))
    sure_data = problem(mats, {"Fe": {"max": 0.3}})
    sure_data["confidence"] = 0.95
    sure = solve(sure_data)
    # At the deterministic optimum Fe sits on its limit: about half the samples exceed it.
    assert plain["out_of_spec_probability"] == pytest.approx(0.5, abs=0.02)
    # The exact chance constraint is tight at the optimum: 5 % out of spec, within three
    # standard errors of the 20,000-sample Monte Carlo estimate.
    assert sure["out_of_spec_probability"] <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / 20_000)
    assert sure["cost"] > plain["cost"]
    assert kg(sure, "scrap") < kg(plain, "scrap")
    # Deterministic: same seed, same answer.
    assert solve(sure_data) == sure


def test_blend_confidence_solves_the_exact_cone() -> None:
    # Fe = 0.6 a + 0.1 (1 - a) with sd sqrt((0.1 a)^2 + (0.01 (1 - a))^2): the cheapest charge
    # takes the largest scrap share a for which mean + z * sd = 0.3 exactly (found by bisection).
    mats = [
        mat("scrap", 1.0, {"Fe": 0.6}, sd={"Fe": 0.1}),
        mat("P1020", 3.0, {"Fe": 0.1}, kind="primary", sd={"Fe": 0.01}),
    ]
    data = problem(mats, {"Fe": {"max": 0.3}})
    data["confidence"] = 0.95
    z = 1.6448536269514722

    def fe_at_risk(a: float) -> float:
        return 0.6 * a + 0.1 * (1 - a) + z * math.hypot(0.1 * a, 0.01 * (1 - a))

    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fe_at_risk(mid) <= 0.3 else (lo, mid)
    result = solve(data)
    assert kg(result, "scrap") == pytest.approx(1000 * lo, rel=1e-7)
    assert fe_at_risk(kg(result, "scrap") / 1000) <= 0.3 + 1e-9


def test_blend_confidence_costs_no_more_than_the_safe_linear_bound() -> None:
    mats = [
        mat("s1", 1.0, {"Fe": 0.6, "Si": 0.4}, sd={"Fe": 0.1, "Si": 0.05}),
        mat("s2", 1.2, {"Fe": 0.2, "Si": 0.9}, sd={"Fe": 0.05, "Si": 0.2}),
        mat("P1020", 3.0, {"Fe": 0.1, "Si": 0.05}, kind="primary", sd={"Fe": 0.01}),
    ]
    data = problem(mats, {"Fe": {"max": 0.35}, "Si": {"max": 0.6}})
    data["confidence"] = 0.99
    exact = solve(data)
    # The safe bound replaces sqrt(sum w_i^2 s_i^2) by sum w_i s_i: an independent LP.
    z = 2.3263478740408408
    c = np.array([1.0, 1.2, 3.0])
    fe = np.array([0.6, 0.2, 0.1]) + z * np.array([0.1, 0.05, 0.01])
    si = np.array([0.4, 0.9, 0.05]) + z * np.array([0.05, 0.2, 0.0])
    safe = linprog(c, A_ub=[fe, si], b_ub=[0.35, 0.6], A_eq=[[1, 1, 1]], b_eq=[1], method="highs")
    assert exact["status"] == "optimal"
    assert exact["cost"] <= 1000 * safe.fun + 1e-6
    # ... and still meets every limit at the 99 % level.
    w = np.array([kg(exact, m) / 1000 for m in ("s1", "s2", "P1020")])
    mean_fe = float(np.dot([0.6, 0.2, 0.1], w))
    sd_fe = float(np.linalg.norm(np.array([0.1, 0.05, 0.01]) * w))
    mean_si = float(np.dot([0.4, 0.9, 0.05], w))
    sd_si = float(np.linalg.norm(np.array([0.05, 0.2, 0.0]) * w))
    assert mean_fe + z * sd_fe <= 0.35 + 1e-9
    assert mean_si + z * sd_si <= 0.6 + 1e-9


# --- properties against an independent formulation ----------------------------------------------

ELEMENTS = ("Si", "Fe", "Cu", "Mg", "Zn")


@st.composite
def random_problem(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 7))
    materials = []
    for i in range(n):
        comp = {
            e: draw(st.floats(0, 4, allow_nan=False).map(lambda v: round(v, 3)))
            for e in draw(st.lists(st.sampled_from(ELEMENTS), unique=True, max_size=4))
        }
        avail = draw(st.one_of(st.none(), st.floats(0, 1500).map(lambda v: round(v, 1))))
        materials.append(
            mat(
                f"m{i}",
                draw(st.floats(0.5, 5).map(lambda v: round(v, 3))),
                comp,
                kind=draw(st.sampled_from(("scrap", "primary", "alloying"))),
                avail=avail,
                yld=draw(st.floats(0.8, 1).map(lambda v: round(v, 3))),
            )
        )
    limits: dict[str, dict[str, float | None]] = {}
    for key in draw(st.lists(st.sampled_from((*ELEMENTS, "Si+Fe", "Al")), unique=True, min_size=1)):
        if key == "Al":
            limits[key] = {"min": draw(st.floats(95, 99.9).map(lambda v: round(v, 2))), "max": None}
            continue
        hi = draw(st.floats(0.05, 3).map(lambda v: round(v, 3)))
        frac = draw(st.one_of(st.none(), st.floats(0, 1)))
        lo = None if frac is None else round(frac * hi, 3)
        limits[key] = {"min": lo, "max": hi}
    data = problem(materials, limits)
    data["min_recycled_pct"] = draw(st.one_of(st.none(), st.floats(0, 60).map(round)))
    return data


def pulp_optimum(data: dict[str, Any]) -> float | None:
    """The same problem written in kg with PuLP and solved by CBC (None when infeasible)."""
    mass = data["target"]["mass_kg"]
    lp = pulp.LpProblem("charge", pulp.LpMinimize)
    x = {
        m["id"]: pulp.LpVariable(f"x{i}", lowBound=0, upBound=m["available_kg"])
        for i, m in enumerate(data["materials"])
    }
    lp += pulp.lpSum(m["price_per_kg"] * x[m["id"]] for m in data["materials"])
    lp += pulp.lpSum(m["yield"] * x[m["id"]] for m in data["materials"]) == mass
    for key, lim in data["limits"].items():
        terms = []
        for m in data["materials"]:
            coef = 0.0
            for part in key.split("+"):
                if part == "Al":
                    coef += 100 - sum(m["composition"].values())
                else:
                    coef += m["composition"].get(part, 0.0)
            terms.append(m["yield"] * coef * x[m["id"]])
        if lim["max"] is not None:
            lp += pulp.lpSum(terms) <= lim["max"] * mass
        if lim["min"] is not None:
            lp += pulp.lpSum(terms) >= lim["min"] * mass
    if data.get("min_recycled_pct"):
        lp += (
            pulp.lpSum(m["yield"] * x[m["id"]] for m in data["materials"] if m["kind"] == "scrap")
            >= data["min_recycled_pct"] / 100 * mass
        )
    status = lp.solve(pulp.PULP_CBC_CMD(msg=0))
    if pulp.LpStatus[status] != "Optimal":
        return None
    return float(pulp.value(lp.objective))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problem())
def test_blend_matches_cbc_and_meets_every_limit(data: dict[str, Any]) -> None:
    result = solve(data)
    reference = pulp_optimum(data)
    if reference is None:
        assert result["status"] == "infeasible"
        assert result["violations"]
        return
    assert result["status"] == "optimal"
    assert_meets_limits(data, result)
    # Never below the LP bound, never above it by more than the tolerance.
    assert result["cost"] == pytest.approx(reference, rel=REL, abs=1e-7)
    assert result["cost"] == pytest.approx(
        math.fsum(m["price_per_kg"] * kg(result, m["id"]) for m in data["materials"]),
        rel=1e-12,
    )


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_blend_large_random_problems_meet_limits_exactly(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 300
    materials = [
        mat(
            f"lot-{i}",
            float(rng.uniform(1.0, 2.5)),
            {e: float(rng.uniform(0, 1.2)) for e in ("Si", "Fe", "Cu", "Mg", "Zn")},
            avail=float(rng.uniform(50, 800)),
            yld=float(rng.uniform(0.85, 1.0)),
        )
        for i in range(n)
    ]
    materials.append(mat("P1020", 3.3, {"Si": 0.05, "Fe": 0.1}, kind="primary"))
    materials.append(mat("Si", 3.0, {"Si": 98.0, "Fe": 0.5}, kind="alloying"))
    materials.append(mat("Mg", 5.2, {"Mg": 99.8}, kind="alloying"))
    limits: dict[str, dict[str, float | None]] = {
        "Si": {"min": 0.2, "max": 0.6},
        "Fe": {"max": 0.35},
        "Cu": {"max": 0.1},
        "Mg": {"min": 0.45, "max": 0.9},
        "Zn": {"max": 0.1},
    }
    data = problem(materials, limits, mass=20000)
    result = solve(data)
    assert result["status"] == "optimal"
    assert_meets_limits(data, result)
    # Strictly within the limits as written, not only within the tolerance.
    for key, lim in limits.items():
        value = share(data, result, key)
        hi, lo = lim["max"], lim.get("min")
        assert hi is not None
        assert value <= hi
        if lo is not None:
            assert value >= lo


# --- explanation typography -------------------------------------------------------------------


def test_blend_french_explanation_uses_decimal_comma_and_no_break_spaces() -> None:
    # Same case as test_blend_infeasible_names_the_limit_and_the_amount: Fe misses 0.3 % by 0.3 %.
    data = problem(
        [mat("scrap", 1.0, {"Fe": 0.6}), mat("s2", 1.0, {"Fe": 0.8})], {"Fe": {"max": 0.3}}
    )
    text = blend(data, {}, lang="fr").to_dict()["explanation"]
    assert "Fe dépasse le maximum de 0,3\u00a0% de 0,3\u00a0% (0,6\u00a0%)" in text
    assert "(écart total minimal)\u00a0:" in text
    assert "0.3" not in text
    english = blend(data, {}, lang="en").to_dict()["explanation"]
    assert "Fe exceeds its maximum of 0.3% by 0.3% (0.6%)" in english


def test_blend_explanation_groups_thousands_by_language() -> None:
    # 400 kg at 50 % yield give 200 kg of the 1 000 kg asked: 800 kg short.
    data = problem([mat("scrap", 1.0, {}, avail=400, yld=0.5)], {"Fe": {"max": 0.3}})
    fr = blend(data, {}, lang="fr").to_dict()["explanation"]
    en = blend(data, {}, lang="en").to_dict()["explanation"]
    assert (
        "200\u00a0kg de métal liquide, soit 800\u00a0kg de moins que les 1\u00a0000\u00a0kg" in fr
    )
    assert "200 kg of melt, 800 kg short of the 1,000 kg required" in en


def test_blend_optimal_explanation_french_cost_and_percent() -> None:
    # One material, 1 000 kg of melt at yield 1 and 2.5 $/kg: 2 500 $, 100 % recycled.
    data = problem([mat("scrap", 2.5, {"Fe": 0.1})], {"Fe": {"max": 0.3}})
    fr = blend(data, {}, lang="fr").to_dict()["explanation"]
    en = blend(data, {}, lang="en").to_dict()["explanation"]
    assert fr.startswith(
        "Charge optimale\u00a0: 2\u00a0500\u00a0$ pour 1\u00a0000\u00a0kg de métal liquide, "
        "100\u00a0% de contenu recyclé."
    )
    assert en.startswith("Optimal charge: $2,500 for 1,000 kg of melt, 100% recycled content.")


def _former_fmt(value: float, digits: int, lang: str) -> str:
    """The blend's sentence figures as written by hand before engines.text."""
    value = value + 0.0
    if value != 0 and abs(value) < 1e-3:
        text = f"{value:.{digits}g}"
    else:
        text = f"{value:,.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
    if lang == "fr":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", "\u00a0")
    return text


@given(
    st.one_of(
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
        st.floats(min_value=-0.01, max_value=0.01, allow_nan=False),
    ),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(["fr", "en"]),
)
def test_sentence_figures_are_byte_for_byte_the_former_rule(
    value: float, digits: int, lang: str
) -> None:
    from aluhub.engines.blend import _fmt

    assert _fmt(value, digits, lang) == _former_fmt(value, digits, lang)


def test_sentence_figures_per_language() -> None:
    from aluhub.engines.blend import _fmt

    assert _fmt(10000.25, 4, "fr") == "10\u00a0000,25"
    assert _fmt(10000.25, 4, "en") == "10,000.25"
    assert _fmt(-0.004, 2, "fr") == "0"
    assert _fmt(0.000123456, 4, "fr") == "0,0001235"
