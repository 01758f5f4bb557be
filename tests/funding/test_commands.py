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


# ------------------------------------------------------------------ text output

PLAN_RESULT: dict[str, Any] = {
    "lines": [
        {"program": "g-one", "name": "Fonds Un", "instrument": "grant", "amount_cad": 50000,
         "repayable": False, "bound": "max_amount", "why": "Raison un.", "verdict": "eligible",
         "status": "open", "pinned": False},
        {"program": "l-two", "name": "Prêt Deux", "instrument": "loan", "amount_cad": 1250000,
         "repayable": True, "bound": "public_aid_cap", "why": "Raison deux.",
         "verdict": "partial", "status": "unknown", "pinned": True},
    ],
    "total_grant_cad": 50000,
    "total_tax_credit_cad": 0,
    "total_non_repayable_cad": 50000,
    "total_repayable_cad": 1250000,
    "total_aid_cad": 1300000,
    "eligible_costs_cad": 4000000,
    "public_aid_cap_pct": 32.5,
    "public_aid_pct": 32.5,
    "warnings": ["Premier avertissement.", "Second avertissement."],
    "not_quantified": ["n-three"],
}  # fmt: skip


def test_funding_plan_text_french_shows_every_field_with_french_typography() -> None:
    from aluhub.funding_plans.management.commands.funding_plan import render_plan_text

    text = render_plan_text(PLAN_RESULT, "fr")
    for needle in ("Fonds Un [g-one]", "Prêt Deux [l-two]", "Raison un.", "Raison deux.",
                   "Premier avertissement.", "Second avertissement.", "n-three",
                   "subvention", "prêt", "plafond du programme", "cumul des aides publiques",
                   "à confirmer", "inconnu"):  # fmt: skip
        assert needle in text
    assert "1\u00a0250\u00a0000\u00a0$" in text
    assert "4\u00a0000\u00a0000\u00a0$" in text  # eligible costs
    assert "1\u00a0300\u00a0000\u00a0$" in text  # total aid
    assert "32,5\u00a0% (plafond 32,5\u00a0%)" in text
    assert "Avertissements\u00a0:" in text
    assert "32.5" not in text


def test_funding_plan_text_lists_the_eligible_programs_left_out() -> None:
    from aluhub.funding_plans.management.commands.funding_plan import render_plan_text

    left = {"program": "g-four", "name": "Fonds Quatre", "why": "Raison quatre."}
    text = render_plan_text({**PLAN_RESULT, "left_out": [left]}, "fr")

    assert text.endswith(
        "Aussi admissibles, hors du montage\u00a0:\n  - Fonds Quatre [g-four]\u00a0: Raison quatre."
    )


def test_funding_plan_text_english_uses_english_number_forms() -> None:
    from aluhub.funding_plans.management.commands.funding_plan import render_plan_text

    text = render_plan_text(PLAN_RESULT, "en")
    assert "$1,250,000" in text
    assert "32.5% (cap 32.5%)" in text
    assert "Warnings:" in text
    assert "loan" in text and "grant" in text


def test_funding_plan_text_amount_column_is_right_aligned() -> None:
    from aluhub.funding_plans.management.commands.funding_plan import render_plan_text

    lines = render_plan_text(PLAN_RESULT, "en").splitlines()
    rows = [line for line in lines if "[g-one]" in line or "[l-two]" in line]
    assert len(rows) == 2
    ends = {row.index("$50,000") + len("$50,000") for row in rows if "$50,000" in row}
    ends |= {row.index("$1,250,000") + len("$1,250,000") for row in rows if "$1,250,000" in row}
    assert len(ends) == 1
    # The program column starts at the same place on both rows.
    assert rows[0].index("Fonds Un") == rows[1].index("Prêt Deux")


def test_funding_plan_text_is_french_by_default(tmp_path: Path) -> None:
    text = run("funding_plan", PLAN, tmp_path, "--format", "text")
    assert "Aide non remboursable" in text
    assert "rq-c3i-credit-investissement-innovation" in text
    assert "crédit d’impôt" in text


MATCH_RESULT: dict[str, Any] = {
    "results": [
        {"program": "p-one", "name": "Programme Un", "verdict": "partial", "score": 0.8608,
         "status": "open", "status_note": "rouvert en 2025", "relevant": True,
         "matched_phases": ["productivity_automation"], "implied_phases": ["export"],
         "criteria": [
             {"criterion": "revenue", "status": "pass", "detail": "Détail revenu."},
             {"criterion": "other_conditions", "status": "unknown", "detail": "Détail autre."},
         ],
         "max_amount_cad": 50000, "cost_share_pct": 12.5, "aid_types": ["grant", "loan"],
         "level": "federal", "url": "https://example.org/p-one"},
    ],
    "considered": 62,
    "size_class": "small",
}  # fmt: skip


def test_funding_match_text_french_words_for_codes_and_numbers() -> None:
    from aluhub.funding.management.commands.funding_match import render_match_text

    text = render_match_text(MATCH_RESULT, "fr")
    assert text.startswith(" 1. Programme Un")
    for needle in ("p-one", "partiel", "ouvert (rouvert en 2025)", "0,8608",
                   "productivité et automatisation", "exportation", "subvention, prêt",
                   "50\u00a0000\u00a0$", "12,5\u00a0%", "fédéral", "https://example.org/p-one",
                   "chiffre d’affaires", "autres conditions", "Détail revenu.", "Détail autre.",
                   "62", "petite"):  # fmt: skip
        assert needle in text
    assert "other_conditions" not in text
    assert "revenue" not in text


def test_funding_match_text_english_and_aligned_criteria() -> None:
    from aluhub.funding.management.commands.funding_match import render_match_text

    text = render_match_text(MATCH_RESULT, "en")
    assert "12.5%" in text and "$50,000" in text and "0.8608" in text
    rows = [line for line in text.splitlines() if "Détail" in line]
    assert [row.index("Détail") for row in rows] == [rows[0].index("Détail")] * 2
    assert "other conditions" in text


def test_funding_match_text_is_french_by_default(tmp_path: Path) -> None:
    text = run("funding_match", PROFILE, tmp_path, "--format", "text", "--limit", "2")
    assert text.startswith(" 1. ")
    assert "admissible" in text
    assert "Programmes examinés" in text


@pytest.mark.parametrize("command", ["funding_match", "funding_plan"])
def test_an_impossible_profile_exits_2_with_one_line_in_the_lang(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = PROFILE if command == "funding_match" else PLAN
    bad = {**data, "organization": {**data["organization"], "founder_age": 500}}
    said = {}
    for lang in ("fr", "en"):
        with pytest.raises(SystemExit) as exc:
            run(command, bad, tmp_path, "--lang", lang)
        assert exc.value.code == 2
        said[lang] = capsys.readouterr().err
    assert said == {
        "fr": "error: organization.founder_age: doit être compris entre 10 et 120\n",
        "en": "error: organization.founder_age: must be between 10 and 120\n",
    }
