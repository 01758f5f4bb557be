"""``aluhub blend``: JSON and text output, stdin, exit status 2 on bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

IBM = Path(__file__).parent.parent / "engines" / "data" / "blend_ibm_alloy.json"

PROBLEM_6063: dict[str, Any] = {
    "target": {"alloy": "6063", "mass_kg": 10000},
    "limits": {"Fe": {"max": 0.30}},
    "materials": [
        {"id": "P1020", "kind": "primary", "price_per_kg": 3.30, "available_kg": None,
         "yield": 0.99, "composition": {"Si": 0.05, "Fe": 0.10}},
        {"id": "lot-17", "kind": "scrap", "price_per_kg": 1.75, "available_kg": 3000,
         "yield": 0.95, "composition": {"Si": 0.45, "Fe": 0.30, "Mg": 0.55, "Pb": 0.2}},
        {"id": "mg-ingot", "kind": "alloying", "price_per_kg": 5.20, "available_kg": None,
         "composition": {"Mg": 99.8}},
        {"id": "si-metal", "kind": "alloying", "price_per_kg": 3.60, "available_kg": None,
         "composition": {"Si": 98.5, "Fe": 0.4}},
    ],
    "min_recycled_pct": None,
    "confidence": None,
}  # fmt: skip


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    if stdin is not None:
        import sys

        old = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            call_command("blend", *args, stdout=out)
        finally:
            sys.stdin = old
    else:
        call_command("blend", *args, stdout=out)
    return out.getvalue()


def test_blend_command_solves_ibm_alloy_from_a_file() -> None:
    result = json.loads(run(str(IBM)))
    assert result["status"] == "optimal"
    assert result["cost"] == pytest.approx(2149.247891, rel=1e-9)


def test_blend_command_reads_stdin_and_uses_the_registry(tmp_path: Path) -> None:
    result = json.loads(run("-", stdin=json.dumps(PROBLEM_6063)))
    assert result["status"] == "optimal"
    names = [lim["name"] for lim in result["limits"]]
    # 6063 registry limits plus the input's Fe; Pb is an "other" element for 6063.
    assert "Mg" in names
    assert "Others_each[Pb]" in names
    fe = next(lim for lim in result["limits"] if lim["name"] == "Fe")
    assert fe["max"] == 0.30
    assert fe["source"] == "input"
    assert result["melt_composition"]["Pb"] <= 0.05
    assert set(result["value_in_use"]) == {"lot-17"}


def test_blend_command_text_is_french_by_default() -> None:
    text = run("-", "--format", "text", stdin=json.dumps(PROBLEM_6063))
    assert "Charge de four" in text
    assert "Valeur d’usage" in text
    english = run("-", "--format", "text", "--lang", "en", stdin=json.dumps(PROBLEM_6063))
    assert "Value in use" in english


def test_blend_command_exits_2_naming_the_field(capsys: pytest.CaptureFixture[str]) -> None:
    bad = json.loads(json.dumps(PROBLEM_6063))
    bad["materials"][1]["yield"] = 1.5
    with pytest.raises(SystemExit) as exc:
        run("-", stdin=json.dumps(bad))
    assert exc.value.code == 2
    assert "materials[1].yield" in capsys.readouterr().err


def test_blend_command_reports_infeasible(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(PROBLEM_6063))
    bad["limits"] = {"Fe": {"max": 0.05}}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(bad))
    result = json.loads(run(str(path)))
    assert result["status"] == "infeasible"
    assert result["violations"][0]["limit"] == "Fe max"


def test_blend_command_text_french_numbers_and_every_section() -> None:
    text = run("-", "--format", "text", stdin=json.dumps(PROBLEM_6063))
    result = json.loads(run("-", stdin=json.dumps(PROBLEM_6063)))
    assert "10\u00a0000,0\u00a0kg" in text  # mass: no-break thousands, decimal comma
    assert "Alliage visé\u00a0:" in text
    for line in result["charge"]:
        assert line["id"] in text
    # The melt composition (aluminium included) and each limit's source are shown.
    assert "Al " in text and "Composition du bain" in text
    assert "input" in text
    for name in result["binding"]:
        assert f"- {name}" in text
    assert result["explanation"] in text
    assert "10000.0" not in text


def test_blend_command_text_words_a_lot_used_up_in_french() -> None:
    """The French report listed « - lot-17 available » under « Contraintes actives » and in
    its explanation; the JSON keeps the name."""
    problem = json.loads(json.dumps(PROBLEM_6063))
    problem["materials"][1]["available_kg"] = 1000
    text = run("-", "--format", "text", stdin=json.dumps(problem))
    assert "lot-17 available" in json.loads(run("-", stdin=json.dumps(problem)))["binding"]
    assert "  - tout «\u00a0lot-17\u00a0» disponible\n" in text
    assert (
        "Contraintes actives\u00a0: Si min, Mg min, tout «\u00a0lot-17\u00a0» disponible." in text
    )
    assert "available" not in text


def test_blend_command_text_english_numbers() -> None:
    text = run("-", "--format", "text", "--lang", "en", stdin=json.dumps(PROBLEM_6063))
    result = json.loads(run("-", "--lang", "en", stdin=json.dumps(PROBLEM_6063)))
    assert "10,000.0 kg" in text
    assert f"${result['cost']:,.2f}" in text
    assert f"{result['recycled_pct']:.2f}%" in text


def test_blend_command_text_tables_are_aligned() -> None:
    text = run("-", "--format", "text", stdin=json.dumps(PROBLEM_6063))
    lines = text.splitlines()
    start = lines.index("Charge") + 2
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(line)
    # Header plus one row per charged material, kg right-aligned to one column.
    assert len(rows) >= 3
    assert len({len(row) for row in rows}) == 1


def test_blend_command_text_infeasible_lists_the_violations() -> None:
    bad = json.loads(json.dumps(PROBLEM_6063))
    bad["limits"] = {"Fe": {"max": 0.05}}
    text = run("-", "--format", "text", stdin=json.dumps(bad))
    assert "Limites impossibles à respecter" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("Fe max"))
    assert "0,0500" in row  # the bound, French decimal comma


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.sampled_from([0, 2, 3, 4]))
def test_blend_text_numbers_round_as_the_float_does(value: float, digits: int) -> None:
    # Written by engines.text (Babel) on the float's exact value: Python's own rounding, the
    # French with a decimal comma and no-break spaces between thousands.
    from aluhub.circular.cli import _num

    expected = f"{value + 0.0:,.{digits}f}"
    assert _num(value, digits, "en") == expected
    assert _num(value, digits, "fr") == expected.replace(",", "\u00a0").replace(".", ",")
    assert _num(None, digits, "fr") == ""
