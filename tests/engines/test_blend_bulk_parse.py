"""Issue #18: the one-pass validation of a usual material list gives exactly the materials of
the entry-by-entry validation, and anything unusual still gets the entry-by-entry error."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluhub.engines.blend import (
    Material,
    Materials,
    _fast_material,
    _usual_materials,
    parse_blend_problem,
)
from aluhub.engines.errors import EngineInputError

ELEMENTS = ["Si", "Fe", "Cu", "Mn", "Mg", "Zn", "Ti", "Al", "Pb"]

number = st.one_of(
    st.floats(min_value=0, max_value=15, allow_nan=False), st.integers(min_value=0, max_value=15)
)
material = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["primary", "scrap", "alloying"]),
        "price_per_kg": st.one_of(st.floats(0, 50), st.integers(0, 50)),
        "composition": st.dictionaries(st.sampled_from(ELEMENTS), number, max_size=6),
    },
    optional={
        "available_kg": st.one_of(st.none(), st.floats(0, 1e6), st.integers(0, 10**6)),
        "yield": st.one_of(st.none(), st.floats(0.01, 1.0)),
    },
)


def one_by_one(raw: list[dict[str, Any]]) -> tuple[Material, ...] | None:
    seen: set[str] = set()
    out = []
    for entry in raw:
        parsed = _fast_material(entry, seen)
        if parsed is None:
            return None
        seen.add(parsed.id)
        out.append(parsed)
    return tuple(out)


@settings(max_examples=200, deadline=None)
@given(st.lists(material, min_size=1, max_size=30))
def test_one_pass_gives_the_same_materials_as_entry_by_entry(raw: list[dict[str, Any]]) -> None:
    for i, entry in enumerate(raw):
        entry["id"] = f"lot-{i}"
    bulk = _usual_materials(raw)
    single = one_by_one(raw)
    assert bulk == single
    if bulk is not None:
        assert single is not None
        for m in bulk:
            assert all(type(v) is float for v in m.composition.values())
            assert type(m.price_per_kg) is float
        # The matrix the one pass fills is the one read from the materials, column for column.
        reference = Materials.from_entries(single)
        assert bulk.elements == reference.elements
        assert np.array_equal(bulk.C, reference.C)
        for column in ("price", "yield_", "available", "scrap"):
            assert np.array_equal(getattr(bulk, column), getattr(reference, column))


def _problem(materials: list[dict[str, Any]]) -> dict[str, Any]:
    return {"target": {"mass_kg": 1000}, "limits": {"Fe": {"max": 0.35}}, "materials": materials}


USUAL = [
    {"id": f"lot-{i}", "kind": "scrap", "price_per_kg": 1.5, "available_kg": 100.0,
     "composition": {"Si": 0.4, "Mg": 0.5, "Fe": 0.2}}
    for i in range(50)
] + [{"id": "p1020", "kind": "primary", "price_per_kg": 3.3, "available_kg": None,
      "composition": {"Si": 0.05, "Fe": 0.1}}]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda m: m[7].update(id="lot-3"), "materials[7].id", "duplicate id 'lot-3'"),
        (lambda m: m[12]["composition"].update(Si=101), "materials[12].composition.Si", "<= 100"),
        (lambda m: m[12]["composition"].update(Cu=True), "materials[12].composition.Cu", "number"),
        (lambda m: m[20]["composition"].update(Zn=99.5), "materials[20].composition", "sums to"),
        (lambda m: m[30].update(price_per_kg=float("nan")), "materials[30].price_per_kg", "finite"),
        (lambda m: m[40].update(kind="dross"), "materials[40].kind", "must be one of"),
        (lambda m: m[45].update({"yield": 0}), "materials[45].yield", "(0, 1]"),
        (lambda m: m[2]["composition"].update({"Mn+Cr": 1}), "materials[2].composition", "not"),
    ],
)
def test_a_bad_entry_in_a_long_list_is_still_named(change: Any, field: str, message: str) -> None:
    materials = copy.deepcopy(USUAL)
    change(materials)
    with pytest.raises(EngineInputError) as exc:
        parse_blend_problem(_problem(materials), {})
    assert exc.value.field.startswith(field)
    assert message in exc.value.message


def test_a_usual_list_takes_the_one_pass() -> None:
    assert _usual_materials(copy.deepcopy(USUAL)) is not None
    with_sd = copy.deepcopy(USUAL)
    with_sd[0]["composition_sd"] = {"Si": 0.01}
    assert _usual_materials(with_sd) is None  # confidence mode: entry by entry
    assert len(parse_blend_problem(_problem(with_sd), {}).materials) == len(USUAL)


def test_materials_read_back_as_given() -> None:
    raw = [
        {"id": "a", "kind": "scrap", "price_per_kg": 2, "available_kg": None,
         "composition": {"Si": 7, "Al": 90.0, "Pb": 0.0, "Fe": 0.2}},
        {"id": "b", "kind": "primary", "price_per_kg": 3.3, "available_kg": 500, "yield": 0.9,
         "composition": {"Fe": 0.1, "Cu": 0.05}},
    ]  # fmt: skip
    materials = _usual_materials(raw)
    assert materials is not None
    assert materials.elements == ["Si", "Fe", "Cu"]  # first appearance; Al and zeros left out
    assert materials.C.tolist() == [[7.0, 0.2, 0.0], [0.0, 0.1, 0.05]]
    assert materials[1] == Material("b", "primary", 3.3, 500.0, 0.9, {"Fe": 0.1, "Cu": 0.05})
    assert materials[-2].available_kg is None and materials[0].yield_ == 1.0
    assert materials[0].composition == {"Si": 7.0, "Al": 90.0, "Pb": 0.0, "Fe": 0.2}
    assert [m.id for m in materials[0:2]] == ["a", "b"]
    assert materials.scrap.tolist() == [True, False]
    with pytest.raises(IndexError):
        materials[2]
    # NaN is not "no availability": it goes to the entry-by-entry path, which names it.
    raw[1]["available_kg"] = float("nan")
    assert _usual_materials(raw) is None
    with pytest.raises(EngineInputError) as exc:
        parse_blend_problem(_problem(raw), {})
    assert exc.value.field == "materials[1].available_kg"
