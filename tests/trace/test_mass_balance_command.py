"""``aluhub mass_balance``: JSON and text output, stdin, exit status 2 with one stderr line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.engines.test_ledger import CREDIT_EVENTS, ledger

LEDGER = ledger(CREDIT_EVENTS, conversion_factor=0.9, opening_balance_kg=100)


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        call_command("mass_balance", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


def test_mass_balance_command_prints_the_figures_as_json(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(LEDGER), encoding="utf-8")
    result = json.loads(run(str(path), "--format", "json"))
    assert result["claimable_kg"] == 1000
    assert result["claimed_kg"] == 500
    assert result["closing_balance_kg"] == 500
    assert result["rejected_claims"] == [
        {"date": "2025-04-01", "lot": "P1", "kg": 700.0, "available_kg": 600.0}
    ]
    assert result["recycled_content"]["post_consumer_pct"] == 30


def test_mass_balance_command_text_in_french_and_english() -> None:
    french = run("-", "--format", "text", stdin=json.dumps(LEDGER))
    assert "Solde de clôture" in french
    english = run("-", "--format", "text", "--lang", "en", stdin=json.dumps(LEDGER))
    assert "Closing balance" in english
    assert "2025-04-01" in english


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"conversion_factor": 1.2}, "conversion_factor"),
        ({"method": "percentage"}, "opening_balance_kg"),
        ({"period": {"start": "2025-01-01", "end": "2026-02-01"}}, "period.end"),
    ],
)
def test_mass_balance_command_exits_2_naming_the_field(
    change: dict[str, Any], field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        run("-", stdin=json.dumps({**LEDGER, **change}))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert field in err


def test_mass_balance_command_physical_violation_exits_2_in_a_real_process(
    tmp_path: Path,
) -> None:
    bad = json.loads(json.dumps(LEDGER))
    bad["events"][4]["kg"] = 1000  # 1800 kg produced from 1500 kg x 0.9 = 1350 kg
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    proc = subprocess.run(  # noqa: S603  (our interpreter, our temporary file)
        [sys.executable, "-m", "aluhub", "mass_balance", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert "events[4].kg" in proc.stderr
