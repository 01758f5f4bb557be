"""Tests of the design checker: hand computations from the values of materials.csv."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluhub.engines.design_check import (
    AlloyTemper,
    Material,
    check_design,
    note_text,
    parse_bom,
)
from aluhub.engines.errors import EngineInputError

# Rows typed from aluhub/data/materials.csv (the engine does no I/O; these tests must not
# depend on the reader, which tests/challenge/test_materials.py covers).
MATERIALS = (
    Material("al-6061-extrusion", "Aluminium 6061 extrusion", "aluminium", 2700.0, 9.08),
    Material("al-5052-sheet", "Aluminium 5052 sheet/plate", "aluminium", 2680.0, 9.18),
    Material("steel-sections", "Structural steel sections", "steel", 7850.0, 1.53),
    Material("concrete-general", "Concrete, general", "concrete", 2400.0, 0.107),
    Material("glulam", "Glulam", "timber", 380.0, 0.42),
    Material("clt", "CLT", "timber", None, None),
)
# Rows typed from aluhub/data/aluminium_tempers.csv.
TEMPERS = (
    AlloyTemper("6061-T6", "Keymark", 262.0, 241.0, 165.0, None, 69637.0),
    AlloyTemper("6061-T6", "CSA S157-05 Table 2", 260.0, 240.0, None, 110.0, 70000.0),
    AlloyTemper("6063-T6", "Keymark", 207.0, 172.0, None, None, 69637.0),
)


def report(data: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    problem = parse_bom(data, MATERIALS, TEMPERS)
    return check_design(problem, lang="en" if lang == "en" else "fr").to_dict()


def footbridge(**rules: Any) -> dict[str, Any]:
    return {
        "rules": {"min_aluminium_pct": 50, "basis": "mass", "exclude_scopes": ["foundation"]}
        | rules,
        "items": [
            {
                "name": "Main girders",
                "material": "al-6061-extrusion",
                "quantity": 2,
                "mass_kg": 412.5,
            },
            {"name": "Deck plates", "material": "al-5052-sheet", "quantity": 10, "volume_m3": 0.01},
            {"name": "Cross beams", "material": "steel-sections", "quantity": 4, "mass_kg": 150},
            {
                "name": "Abutments",
                "material": "concrete-general",
                "quantity": 2,
                "volume_m3": 1.6,
                "scope": "foundation",
            },
        ],
    }


def test_check_design_matches_hand_computation() -> None:
    out = report(footbridge())
    girders, plates, steel, concrete = 825.0, 0.1 * 2680.0, 600.0, 3.2 * 2400.0
    assert out["total_mass_kg"] == pytest.approx(girders + plates + steel + concrete)
    al_mass = girders + plates
    assert out["aluminium_mass_pct"] == pytest.approx(100 * al_mass / (al_mass + steel))
    al_vol = girders / 2700 + 0.1
    assert out["aluminium_volume_pct"] == pytest.approx(100 * al_vol / (al_vol + steel / 7850))
    carbon = girders * 9.08 + plates * 9.18 + steel * 1.53 + concrete * 0.107
    assert out["embodied_kgco2e"] == pytest.approx(carbon, rel=1e-9)
    assert out["rules"] == [
        {
            "rule": "min_aluminium_pct",
            "status": "pass",
            "value": out["aluminium_mass_pct"],
            "threshold": 50.0,
            "basis": "mass",
        }
    ]
    assert [i["in_scope"] for i in out["items"]] == [True, True, True, False]
    assert out["items"][3]["kgco2e"] == pytest.approx(7680 * 0.107)


def test_check_design_volume_basis_can_fail_where_mass_passes() -> None:
    # 1 m3 of aluminium (2700 kg) against 1.5 m3 of glulam (570 kg): 82.6 % by mass, 40 % by
    # volume.
    items = [
        {"name": "Frame", "material": "al-6061-extrusion", "quantity": 1, "volume_m3": 1.0},
        {"name": "Deck", "material": "glulam", "quantity": 3, "volume_m3": 0.5},
    ]
    by_mass = report({"rules": {"min_aluminium_pct": 50}, "items": items})
    by_volume = report({"rules": {"min_aluminium_pct": 50, "basis": "volume"}, "items": items})
    assert by_mass["rules"][0]["status"] == "pass"
    assert by_volume["rules"][0]["status"] == "fail"
    assert by_volume["rules"][0]["value"] == pytest.approx(40.0)


def test_check_design_threshold_exactly_met_passes() -> None:
    items = [
        {"name": "A", "material": "al-6061-extrusion", "quantity": 1, "mass_kg": 100},
        {"name": "S", "material": "steel-sections", "quantity": 1, "mass_kg": 100},
    ]
    out = report({"rules": {"min_aluminium_pct": 50}, "items": items})
    assert out["rules"][0]["status"] == "pass"


def test_check_design_unknown_carbon_is_null_and_total_a_lower_bound() -> None:
    data = footbridge()
    data["items"].append({"name": "Deck", "material": "clt", "quantity": 1, "mass_kg": 500})
    out = report(data)
    assert out["items"][4]["kgco2e"] is None
    assert out["embodied_is_lower_bound"] is True
    assert out["embodied_kgco2e"] == pytest.approx(report(footbridge())["embodied_kgco2e"])
    assert out["aluminium_volume_pct"] is None  # CLT has no density
    assert any("lower bound" in w for w in out["warnings"])


@pytest.mark.parametrize(
    ("count", "lang", "said"),
    [
        (1, "fr", "1 ligne a un facteur carbone inconnu."),
        (2, "fr", "2 lignes ont un facteur carbone inconnu."),
        (1, "en", "1 line has an unknown carbon factor."),
        (2, "en", "2 lines have an unknown carbon factor."),
    ],
)
def test_lower_bound_counts_lines_in_the_singular_or_the_plural(
    count: int, lang: str, said: str
) -> None:
    """It read « 1 ligne(s) ont » / "1 line(s) have"."""
    note = {"code": "carbon_lower_bound", "params": {"total": 3.5, "count": count}}
    assert note_text(note, lang).endswith(said)


def test_check_design_max_embodied_rule() -> None:
    carbon = report(footbridge())["embodied_kgco2e"]
    assert report(footbridge(max_embodied_kgco2e=carbon + 1))["rules"][1]["status"] == "pass"
    assert report(footbridge(max_embodied_kgco2e=carbon - 1))["rules"][1]["status"] == "fail"


def test_check_design_organizer_material_from_a_declaration() -> None:
    data = {
        "rules": {"min_aluminium_pct": 50},
        "items": [
            {"name": "Deck", "material": "my-clt", "quantity": 2, "volume_m3": 1.0},
            {"name": "Frame", "material": "al-6061-extrusion", "quantity": 1, "mass_kg": 1000},
        ],
        "materials": [
            {
                "id": "my-clt",
                "material": "CLT (EPD)",
                "category": "timber",
                "density_kg_m3": 470,
                "embodied_kgco2e_per_kg": 0.2,
            },
        ],
    }
    out = report(data)
    assert out["items"][0]["mass_kg"] == pytest.approx(940.0)
    assert out["embodied_kgco2e"] == pytest.approx(940 * 0.2 + 1000 * 9.08)
    assert out["aluminium_mass_pct"] == pytest.approx(100 * 1000 / 1940)


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (
            {"name": "X", "material": "unobtainium", "quantity": 1, "mass_kg": 1},
            "items[1].material",
        ),
        ({"name": "X", "material": "glulam", "quantity": 1}, "items[1].mass_kg"),
        ({"name": "X", "material": "clt", "quantity": 1, "volume_m3": 1}, "items[1].volume_m3"),
        ({"name": "X", "material": "glulam", "quantity": -1, "mass_kg": 1}, "items[1].quantity"),
        (
            {
                "name": "X",
                "material": "al-6061-extrusion",
                "mass_kg": 1,
                "member": {
                    "check": "tension",
                    "alloy_temper": "7075-T6",
                    "area_mm2": 1,
                    "load_kN": 1,
                },
            },
            "items[1].member.alloy_temper",
        ),
        (
            {
                "name": "X",
                "material": "al-6061-extrusion",
                "mass_kg": 1,
                "member": {
                    "check": "compression",
                    "alloy_temper": "6061-T6",
                    "area_mm2": 1,
                    "load_kN": 1,
                    "length_mm": 100,
                },
            },
            "items[1].member.radius_of_gyration_mm",
        ),
    ],
)
def test_parse_bom_names_the_bad_line(item: dict[str, Any], field: str) -> None:
    data = {"items": [{"name": "ok", "material": "glulam", "quantity": 1, "mass_kg": 1}, item]}
    with pytest.raises(EngineInputError) as info:
        parse_bom(data, MATERIALS, TEMPERS)
    assert info.value.field == field


@pytest.mark.parametrize("key", ["mass_kg", "volume_m3"])
def test_parse_bom_refuses_a_zero_mass_or_volume(key: str) -> None:
    # Regression: a slab of "0" kg beside its 3 m3 counted for nothing, so a bill of
    # materials passed a 50 % aluminium rule at 100 %.
    slab = {"name": "Slab", "material": "concrete-general", "quantity": 1, "volume_m3": 3.0}
    slab[key] = 0
    data = {
        "rules": {"min_aluminium_pct": 50},
        "items": [
            {"name": "G", "material": "al-6061-extrusion", "quantity": 2, "mass_kg": 1},
            slab,
        ],
    }
    with pytest.raises(EngineInputError) as info:
        parse_bom(data, MATERIALS, TEMPERS)
    assert (info.value.field, info.value.code) == (f"items[1].{key}", "not_positive")


def member(**kw: Any) -> dict[str, Any]:
    data = {
        "items": [
            {
                "name": "M",
                "material": "al-6061-extrusion",
                "quantity": 1,
                "mass_kg": 10,
                "member": kw,
            }
        ]
    }
    check: dict[str, Any] = report(data)["items"][0]["member_check"]
    return check


# Worked examples of CSA S157-05 (R2015) published with the table's source (Ewdy/Structural-
# Design, RT 3x2x0.25 in 6061-T6, Fy 240, Fu 260, E 70000): A_g = 2.25 in2, r_y = 0.759 in.
A_G = 2.25 * 25.4**2
R_Y = 0.759 * 25.4


def test_member_compression_matches_csa_worked_example() -> None:
    out = member(
        check="compression",
        alloy_temper="6061-T6",
        row=2,
        area_mm2=A_G,
        length_mm=1442.2,
        radius_of_gyration_mm=R_Y,
        k=1.0,
        load_kN=100,
    )
    assert out["resistance_kN"] == pytest.approx(134.7, abs=0.05)  # notebook: 134.7 kN
    assert out["steps"]["lambda = kL/r"] == pytest.approx(74.8, abs=0.05)
    assert out["status"] == "ok"
    assert out["indicative"] is True
    assert "CSA S157-05 9.4.1" in out["clauses"]


def test_member_tension_matches_csa_worked_example() -> None:
    net = A_G - 2 * 0.844 * 0.25 * 25.4**2
    out = member(
        check="tension", alloy_temper="6061-T6", row=2, area_mm2=A_G, net_area_mm2=net, load_kN=46
    )
    assert out["resistance_kN"] == pytest.approx(229.97, abs=0.01)  # notebook: 229.97 kN
    assert out["utilisation"] == pytest.approx(0.2000, abs=1e-4)


def test_member_uses_lowest_value_of_several_rows() -> None:
    out = member(check="tension", alloy_temper="6061-T6", area_mm2=1000, load_kN=10)
    # min(0.9 * 1000 * min(241, 240), 0.75 * 1000 * min(262, 260)) N
    assert out["resistance_kN"] == pytest.approx(min(0.9 * 240, 0.75 * 260))


def test_member_welded_with_blank_property_cannot_be_checked() -> None:
    out = member(
        check="compression",
        alloy_temper="6063-T6",
        area_mm2=1000,
        length_mm=1000,
        radius_of_gyration_mm=30,
        load_kN=10,
        welded=True,
    )
    assert out["status"] == "cannot_check"
    assert out["resistance_kN"] is None
    assert "Ftyw" in out["reason"]


def test_member_short_column_reaches_squash_load() -> None:
    out = member(
        check="compression",
        alloy_temper="6063-T6",
        area_mm2=1000,
        length_mm=10,
        radius_of_gyration_mm=50,
        load_kN=200,
    )
    assert out["resistance_kN"] == pytest.approx(0.9 * 1000 * 172 / 1000)
    assert out["status"] == "exceeds"


def test_member_label_is_french_by_default() -> None:
    data = {
        "items": [
            {
                "name": "M",
                "material": "al-6061-extrusion",
                "mass_kg": 10,
                "member": {
                    "check": "tension",
                    "alloy_temper": "6061-T6",
                    "area_mm2": 100,
                    "load_kN": 1,
                },
            }
        ]
    }
    out = check_design(parse_bom(data, MATERIALS, TEMPERS)).to_dict()
    assert out["items"][0]["member_check"]["label"].startswith("Vérification INDICATIVE")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([m.id for m in MATERIALS if m.density_kg_m3 is not None]),
            st.integers(1, 20),
            st.floats(0.1, 1000),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
    st.integers(2, 9),
)
def test_check_design_shares_are_bounded_and_scale_free(
    lines: list[tuple[str, int, float, bool]], factor: int
) -> None:
    def bom(scale: int) -> dict[str, Any]:
        return {
            "items": [
                {
                    "name": f"L{i}",
                    "material": mat,
                    "quantity": q * scale,
                    **({"mass_kg": x} if by_mass else {"volume_m3": x / 1000}),
                }
                for i, (mat, q, x, by_mass) in enumerate(lines)
            ]
        }

    one, many = report(bom(1)), report(bom(factor))
    assert 0.0 <= one["aluminium_mass_pct"] <= 100.0
    assert 0.0 <= one["aluminium_volume_pct"] <= 100.0
    assert math.isclose(one["aluminium_mass_pct"], many["aluminium_mass_pct"], abs_tol=1e-6)
    # The report rounds to 9 decimals (_r): ``factor`` times the rounded figure may differ from
    # the rounded product by up to (factor + 1) / 2 units of the last place.
    assert math.isclose(
        many["embodied_kgco2e"],
        factor * one["embodied_kgco2e"],
        rel_tol=1e-9,
        abs_tol=(factor + 1) * 0.5e-9,
    )


# --- A mass and a volume that contradict the density ---------------------------------------


def _girder(**measures: float) -> dict[str, Any]:
    return {
        "rules": {"min_aluminium_pct": 50, "basis": "mass"},
        "items": [
            {"name": "Girder", "material": "al-6061-extrusion", "quantity": 2, **measures},
            {"name": "Deck", "material": "glulam", "quantity": 1, "mass_kg": 38, "volume_m3": 0.1},
        ],
    }


def test_a_mass_and_volume_that_agree_with_the_density_within_10_percent_say_nothing() -> None:
    # 290 kg / 0.1 m3 = 2,900 kg/m3: 7.4 % above 6061's 2,700.
    out = report(_girder(mass_kg=290, volume_m3=0.1))
    assert out["warnings"] == []


def test_a_mass_and_volume_that_contradict_the_density_are_reported_without_changing_results() -> (
    None
):
    # 100 L typed as 100 m3: 270 kg / 100 m3 = 2.7 kg/m3, the volume is a thousand times off.
    given = _girder(mass_kg=270, volume_m3=100)
    out = report(given)
    (note,) = check_design(parse_bom(given, MATERIALS, TEMPERS)).notes
    assert note.code == "mass_volume_mismatch"
    assert note.params == {
        "name": "Girder",
        "material": "al-6061-extrusion",
        "mass_kg": 270.0,
        "volume_m3": 100.0,
        "density": 2700.0,
        "implied": 2.7,
        "tolerance_pct": 10,
    }
    assert out["warnings"] == [
        "Line 'Girder': its mass (270 kg) and its volume (100 m3) give a density of 2.7 kg/m3, "
        "more than 10 % away from the 2700 kg/m3 of material al-6061-extrusion. The share by "
        "mass counts the mass and the share by volume the volume, as given: check both figures "
        "and the material."
    ]
    assert note_text(note, "fr") == (
        "Ligne «\u00a0Girder\u00a0»\u00a0: sa masse (270\u00a0kg) et son volume (100\u00a0m3) "
        "donnent une masse volumique de 2,7\u00a0kg/m3, à plus de 10\u00a0% des 2700\u00a0kg/m3 "
        "du matériau al-6061-extrusion. La part en masse compte la masse et la part en volume "
        "le volume, tels quels\u00a0: vérifiez ces deux valeurs et le matériau."
    )
    # The figures are the ones given, as before the warning.
    girder = out["items"][0]
    assert (girder["mass_kg"], girder["volume_m3"]) == (540.0, 200.0)
    assert out["aluminium_mass_pct"] == pytest.approx(100 * 540 / 578)
