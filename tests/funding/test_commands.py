"""Tests of the funding_match and funding_plan management commands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

PROFILE: dict[str, Any] = {
    "organization": {
        "employees": 45,
        "annual_revenue_cad": 12000000,
        "region": "02",
        "naics": "331318",
        "founded_year": 2004,
        "legal_form": "corporation",
    },
    "project": {
        "goals": ["productivity_automation"],
        "cost_cad": 1500000,
        "export_markets": ["US"],
        "description": "Robotic cell for an extrusion press",
    },
    "limit": 15,
}
PLAN: dict[str, Any] = {
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


def run(command: str, data: Any, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out)
    return out.getvalue()


def test_funding_match_json_output_shape(tmp_path: Path) -> None:
    result = json.loads(run("funding_match", PROFILE, tmp_path))
    items = result["results"]
    assert len(items) == 15
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    first = items[0]
    assert {
        "program",
        "name",
        "verdict",
        "score",
        "status",
        "criteria",
        "max_amount_cad",
        "url",
    } <= set(first)
    assert first["verdict"] in ("eligible", "partial", "ineligible")


def test_funding_match_limit_option_overrides_input(tmp_path: Path) -> None:
    result = json.loads(run("funding_match", PROFILE, tmp_path, "--limit", "3"))
    assert len(result["results"]) == 3


def test_funding_match_names_in_requested_language(tmp_path: Path) -> None:
    fr = json.loads(run("funding_match", PROFILE, tmp_path, "--lang", "fr"))
    en = json.loads(run("funding_match", PROFILE, tmp_path, "--lang", "en"))
    names_fr = {i["program"]: i["name"] for i in fr["results"]}
    names_en = {i["program"]: i["name"] for i in en["results"]}
    essor = "iq-essor-volet-1a-etudes-faisabilite"
    assert names_en[essor] == "ESSOR – Component 1A: Feasibility studies"
    assert names_fr[essor] != names_en[essor]


def test_funding_match_text_output(tmp_path: Path) -> None:
    text = run("funding_match", PROFILE, tmp_path, "--format", "text", "--lang", "en")
    assert text.startswith(" 1. ")
    assert "eligible" in text


def test_funding_match_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(PROFILE)))
    out = io.StringIO()
    call_command("funding_match", "-", "--limit", "1", stdout=out)
    assert len(json.loads(out.getvalue())["results"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region": "18"}, "organization.region"),
        ({"naics": "33"}, "organization.naics"),
        ({"employees": -3}, "organization.employees"),
    ],
)
def test_funding_match_bad_input_exits_2_naming_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], field: str
) -> None:
    data = {**PROFILE, "organization": {**PROFILE["organization"], **change}}
    with pytest.raises(SystemExit) as info:
        run("funding_match", data, tmp_path)
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith(f"error: {field}:")


def test_funding_match_invalid_json_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        call_command("funding_match", str(path), stdout=io.StringIO())
    assert info.value.code == 2
    assert "invalid JSON" in capsys.readouterr().err


def test_funding_plan_documented_example(tmp_path: Path) -> None:
    result = json.loads(run("funding_plan", PLAN, tmp_path))
    lines = {line["program"]: line for line in result["lines"]}
    c3i = lines["rq-c3i-credit-investissement-innovation"]
    # 25 % headline rate of the 1 200 000 $ of eligible costs.
    assert (c3i["instrument"], c3i["amount_cad"], c3i["bound"]) == (
        "tax_credit",
        300000,
        "cost_share",
    )
    assert result["total_aid_cad"] <= 0.75 * 1200000
    assert (
        result["total_non_repayable_cad"] + result["total_repayable_cad"] == result["total_aid_cad"]
    )
    assert any(line["instrument"] == "grant" for line in result["lines"])


def test_funding_plan_text_output(tmp_path: Path) -> None:
    text = run("funding_plan", PLAN, tmp_path, "--format", "text", "--lang", "en")
    assert "Non-repayable aid" in text
    assert "rq-c3i-credit-investissement-innovation" in text


def test_funding_plan_unknown_pinned_program_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        run("funding_plan", {**PLAN, "include": ["no-such-program"]}, tmp_path)
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith("error: include[0]:")
