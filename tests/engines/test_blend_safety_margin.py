"""The optimizer's safety margin: aim inside the limits by a share of their range (no Django)."""

from __future__ import annotations

import pytest

from aluhub.engines.blend import blend
from aluhub.engines.errors import EngineInputError
from tests.engines.test_blend import kg, mat, problem, share

# Cheap high-Fe scrap and dear clean primary: without a margin the cheapest charge sits on
# the Fe maximum (0.40 %); Si has a range 0.20-0.60 %.
MATERIALS = [
    mat("scrap", 1.0, {"Fe": 0.80, "Si": 0.40}),
    mat("p1020", 3.0, {"Fe": 0.10, "Si": 0.40}, kind="primary"),
]
LIMITS = {"Fe": {"min": None, "max": 0.40}, "Si": {"min": 0.20, "max": 0.60}}


def test_without_a_margin_the_charge_sits_on_the_limit() -> None:
    data = problem(MATERIALS, LIMITS)
    result = blend(data, {}, lang="en").to_dict()
    assert share(data, result, "Fe") == pytest.approx(0.40, abs=1e-9)
    assert "safety_margin_pct" not in result  # the option is off unless asked for


def test_margin_aims_a_maximum_inside_by_its_share_of_the_range() -> None:
    data = {**problem(MATERIALS, LIMITS), "safety_margin_pct": 10}
    result = blend(data, {}, lang="en").to_dict()
    # Fe max 0.40, range counted from 0: aim 0.40 - 10 % x 0.40 = 0.36.
    # Fe share = 0.80 s + 0.10 (1 - s) = 0.36  =>  s = 0.26 / 0.70.
    assert share(data, result, "Fe") == pytest.approx(0.36, abs=1e-9)
    assert kg(result, "scrap") == pytest.approx(1000 * 0.26 / 0.70, rel=1e-9)
    assert (result["safety_margin_pct"], result["safety_margin_kept"]) == (10.0, True)
    fe = next(row for row in result["limits"] if row["name"] == "Fe")
    assert fe["max"] == 0.40  # limits reported as written, with the margin kept
    assert fe["margin"] == pytest.approx(0.04, abs=1e-9)
    assert "aimed 10% of its range inside" in result["explanation"]


def test_margin_on_a_two_sided_limit_uses_its_range() -> None:
    # Si only from the materials: 0.15 % and 0.70 %; the range 0.20-0.60 with 25 % aims
    # 0.30-0.50; the cheap one is high in Si, so the charge sits on 0.50.
    materials = [
        mat("hi-si", 1.0, {"Si": 0.70}),
        mat("lo-si", 2.0, {"Si": 0.15}, kind="primary"),
    ]
    data = {**problem(materials, {"Si": {"min": 0.20, "max": 0.60}}), "safety_margin_pct": 25}
    result = blend(data, {}, lang="fr").to_dict()
    assert share(data, result, "Si") == pytest.approx(0.50, abs=1e-9)
    assert "25\u00a0% de son étendue" in result["explanation"]


def test_margin_that_cannot_be_kept_falls_back_on_the_written_limits() -> None:
    # Only one material, exactly on the Fe maximum: no room to aim inside.
    data = {
        **problem([mat("only", 1.0, {"Fe": 0.40})], {"Fe": {"min": None, "max": 0.40}}),
        "safety_margin_pct": 5,
    }
    result = blend(data, {}, lang="en").to_dict()
    assert result["status"] == "optimal"
    assert result["safety_margin_kept"] is False
    assert "without a safety margin" in result["explanation"]


@pytest.mark.parametrize("bad", [-1, 46, "x"])
def test_margin_out_of_range_is_refused(bad: object) -> None:
    with pytest.raises(EngineInputError) as exc:
        blend({**problem(MATERIALS, LIMITS), "safety_margin_pct": bad}, {})
    assert exc.value.field == "safety_margin_pct"
