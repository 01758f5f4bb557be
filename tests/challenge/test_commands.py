"""Tests of the ``form_teams`` and ``check_design`` management commands."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command


def run(command: str, data: Any, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command(command, str(path), *args, stdout=out)
    return out.getvalue()


POOL = {
    "team_size": 2,
    "max_teams": 2,
    "constraints": {"min_per_discipline": {"engineering": 1, "design": 1}, "max_per_university": 1},
    "applicants": [
        {"id": "a1", "university": "ETS", "discipline": "engineering", "score": 9},
        {"id": "a2", "university": "Laval", "discipline": "design", "score": 8},
        {"id": "a3", "university": "Laval", "discipline": "engineering", "score": 7},
        {"id": "a4", "university": "ETS", "discipline": "design", "score": 6},
        {"id": "a5", "university": "UQAC", "discipline": "design", "score": 1},
    ],
    "locked": {"Red": ["a1"]},
}


def test_form_teams_json_output(tmp_path: Path) -> None:
    out = json.loads(run("form_teams", POOL, tmp_path, "--format", "json"))
    assert out["objective"]["teams"] == 2
    assert out["objective"]["total_score"] == 30.0
    assert [u["id"] for u in out["unassigned"]] == ["a5"]
    assert "a1" in next(t for t in out["teams"] if t["name"] == "Red")["members"]


def test_form_teams_text_output_in_english(tmp_path: Path) -> None:
    text = run("form_teams", POOL, tmp_path, "--format", "text", "--lang", "en")
    assert text.splitlines()[0].startswith("2 teams, total score 30")
    assert "- a5: Would not improve the score" in text


def test_form_teams_bad_input_exits_2_with_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {**POOL, "team_size": 1}
    with pytest.raises(SystemExit) as info:
        run("form_teams", bad, tmp_path)
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith("error: team_size:")


BOM = {
    "rules": {"min_aluminium_pct": 50, "basis": "mass", "exclude_scopes": ["foundation"]},
    "items": [
        {"name": "Main girders", "material": "al-6061-extrusion", "quantity": 2, "mass_kg": 412.5},
        {
            "name": "Abutments",
            "material": "concrete-general",
            "quantity": 2,
            "volume_m3": 1.6,
            "scope": "foundation",
        },
    ],
}


def test_check_design_json_uses_the_shipped_table(tmp_path: Path) -> None:
    out = json.loads(run("check_design", BOM, tmp_path))
    # materials.csv: 6061 extrusion 9.08 kg CO2e/kg; concrete 2400 kg/m3 and 0.107.
    assert out["embodied_kgco2e"] == pytest.approx(825 * 9.08 + 3.2 * 2400 * 0.107)
    assert out["aluminium_mass_pct"] == 100.0
    assert out["rules"][0]["status"] == "pass"


def test_check_design_text_output(tmp_path: Path) -> None:
    text = run("check_design", BOM, tmp_path, "--format", "text", "--lang", "en")
    assert "[PASS] min_aluminium_pct" in text
    assert "[out of scope]" in text


def test_check_design_unknown_material_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {"items": [*BOM["items"], {"name": "X", "material": "kryptonite", "mass_kg": 1}]}
    with pytest.raises(SystemExit) as info:
        run("check_design", bad, tmp_path)
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith("error: items[2].material:")


def test_check_design_and_form_teams_text_in_french_use_french_conventions(
    tmp_path: Path,
) -> None:
    from tests.french_text import french_problems

    design = run("check_design", BOM, tmp_path, "--format", "text", "--lang", "fr")
    teams = run("form_teams", POOL, tmp_path, "--format", "text", "--lang", "fr")

    assert "[CONFORME] part minimale d’aluminium (%)\u00a0: 100,00 / 50,00" in design
    assert "Masse totale\u00a0: " in design and "[hors périmètre]" in design
    assert teams.splitlines()[0] == "2 équipes, score total 30, écart des moyennes 2"
    assert "- a5\u00a0: N’améliorerait pas le score" in teams  # it read « - a5: N’améliorerait »
    # Names from the input (items, teams) are the user's own words.
    assert french_problems(design, allowed=("Main girders", "Abutments")) == []
    assert french_problems(teams) == []


#: The shipped table's 6061 extrusion and a material of the input without a carbon factor.
BOM_WITH_UNKNOWN_CARBON = {
    "materials": [{"id": "mystery-panel", "category": "other", "density_kg_m3": 1000}],
    "items": [
        {"name": "Girder", "material": "al-6061-extrusion", "quantity": 1, "mass_kg": 915.5},
        {"name": "Panel", "material": "mystery-panel", "quantity": 1, "mass_kg": 10},
    ],
}


@pytest.mark.parametrize(
    ("lang", "carbon", "unknown_line"),
    [
        (
            "fr",
            "Carbone intrinsèque\u00a0: ≥\u00a08\u00a0312,7\u00a0kg\u00a0CO2e (borne inférieure)",
            "- Panel (mystery-panel x 1)\u00a0: 10,00\u00a0kg, inconnu",
        ),
        (
            "en",
            "Embodied carbon: ≥\u00a08,312.7\u00a0kg\u00a0CO2e (lower bound)",
            "- Panel (mystery-panel x 1): 10.00\u00a0kg, unknown",
        ),
    ],
)
def test_check_design_text_keeps_the_unit_with_its_number(
    tmp_path: Path, lang: str, carbon: str, unknown_line: str
) -> None:
    text = run(
        "check_design", BOM_WITH_UNKNOWN_CARBON, tmp_path, "--format", "text", "--lang", lang
    )
    lines = text.splitlines()
    # It read « >= 8 312,7 (borne inférieure) kg CO2e » and « inconnu kg CO2e ».
    assert carbon in lines
    assert unknown_line in lines
    # The figures the command writes keep their unit (the engine's warnings, « ! », are its own).
    figures = "\n".join(line for line in lines if not line.startswith("! "))
    assert "kg CO2e" not in figures and " kg" not in figures


def test_check_design_json_keeps_numbers_for_a_lower_bound(tmp_path: Path) -> None:
    out = json.loads(run("check_design", BOM_WITH_UNKNOWN_CARBON, tmp_path))
    assert out["embodied_kgco2e"] == pytest.approx(915.5 * 9.08)
    assert out["embodied_is_lower_bound"] is True
    assert out["items"][1]["kgco2e"] is None
