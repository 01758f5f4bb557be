"""An invalid stored ledger is said in the page's language: the engine names the physical
violation with a code and its figures, the trace service words it (French decimal comma,
French date), and the engine's English sentence stays for the CLI and the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import translation

from aluhub.engines.errors import EngineInputError
from aluhub.engines.ledger import mass_balance
from aluhub.trace.services import ledger_error_text
from tests.engines.test_ledger import CREDIT_EVENTS, ledger, produce, ship


def _error(data: dict[str, Any]) -> EngineInputError:
    with pytest.raises(EngineInputError) as caught:
        mass_balance(data)
    return caught.value


def test_production_over_capacity_is_worded_in_each_language() -> None:
    bad = json.loads(json.dumps(ledger(CREDIT_EVENTS, conversion_factor=0.9)))
    bad["events"].append(produce("2025-02-02", "P9", 1000.5))
    exc = _error(bad)
    assert exc.code == "produced_over_capacity"
    assert "exceeds" in exc.message  # the engine's own sentence is unchanged
    with translation.override("fr"):
        fr = ledger_error_text(exc)
    with translation.override("en"):
        en = ledger_error_text(exc)
    assert "1\u00a0800,5\u00a0kg" in fr.replace("\u202f", "\u00a0").replace(" kg", "\u00a0kg")
    assert "2 février 2025" in fr
    assert "1,800.5 kg" in en
    assert "February 2, 2025" in en or "2 February 2025" in en
    assert exc.field in fr and exc.field in en


def test_shipping_more_than_produced_is_worded_in_each_language() -> None:
    data = ledger(
        [
            *CREDIT_EVENTS,
            produce("2025-05-01", "Q1", 10),
            ship("2025-05-02", "Q1", 12.25, "none"),
        ]
    )
    exc = _error(data)
    assert exc.code == "shipped_over_produced"
    with translation.override("fr"):
        fr = ledger_error_text(exc)
    with translation.override("en"):
        en = ledger_error_text(exc)
    assert fr.startswith("Lot Q1 : ") or fr.startswith("Lot Q1\u00a0: ")
    assert "12,25" in fr and "2 mai 2025" in fr
    assert en.startswith("Lot Q1: ") and "12.25 kg" in en
