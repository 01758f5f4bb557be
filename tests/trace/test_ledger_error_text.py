"""An invalid ledger is said in the reader's language: the engine names each input error
with a reason code and its figures, worded in French or English (decimal comma, dates in
words); the trace pages, the API and ``aluhub mass_balance --lang`` all say it that way."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from aluhub.engines.errors import EngineInputError
from aluhub.engines.ledger import mass_balance
from aluhub.trace.services import ledger_error_text
from tests.engines.test_ledger import CREDIT_EVENTS, ledger, produce, ship
from tests.trace.test_mass_balance_command import run

#: A shipment dated after the period (2025-01-01 to 2025-12-31).
LATE = ledger([*CREDIT_EVENTS, ship("2026-03-05", "P1", 10)])


def _error(data: dict[str, Any]) -> EngineInputError:
    with pytest.raises(EngineInputError) as caught:
        mass_balance(data)
    return caught.value


def test_production_over_capacity_is_worded_in_each_language() -> None:
    bad = json.loads(json.dumps(ledger(CREDIT_EVENTS, conversion_factor=0.9)))
    bad["events"].append(produce("2025-02-02", "P9", 1000.5))
    exc = _error(bad)
    assert exc.code == "produced_over_capacity"
    assert "produced by February 2, 2025 is more than" in exc.message  # English, words
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


def test_an_event_outside_the_period_is_worded_with_dates_in_each_language() -> None:
    exc = _error(LATE)
    assert (exc.field, exc.code) == ("events[9].date", "outside_period")
    with translation.override("fr"):
        fr = ledger_error_text(exc)
    with translation.override("en"):
        en = ledger_error_text(exc)
    assert fr == (
        "Le 5 mars 2026 est hors de la période du 1er janvier 2025 au 31 décembre 2025 "
        "(events[9].date)."
    )
    assert en == (
        "March 5, 2026 is outside the period January 1, 2025 to December 31, 2025 (events[9].date)."
    )


def test_mass_balance_command_says_the_error_in_its_lang(
    capsys: pytest.CaptureFixture[str],
) -> None:
    errors = {}
    for lang in ("fr", "en"):
        with pytest.raises(SystemExit):
            run("-", "--lang", lang, stdin=json.dumps(LATE))
        errors[lang] = capsys.readouterr().err
    assert errors["fr"] == (
        "error: events[9].date: le 5 mars 2026 est hors de la période du 1er janvier 2025 "
        "au 31 décembre 2025\n"
    )
    assert errors["en"] == (
        "error: events[9].date: March 5, 2026 is outside the period January 1, 2025 to "
        "December 31, 2025\n"
    )


@pytest.mark.django_db
def test_mass_balance_api_says_the_error_in_the_request_language() -> None:
    body = json.loads(json.dumps(LATE))
    body["events"][0]["claim"] = "maybe"
    details = {}
    for lang in ("fr", "en"):
        response = Client().post(
            "/api/v1/trace/mass-balance",
            json.dumps(body),
            "application/json",
            headers={"accept-language": lang},
        )
        assert response.status_code == 422
        assert response.json()["field"] == "events[0].claim"
        details[lang] = response.json()["detail"]
    assert details == {"fr": "doit valoir certified ou none", "en": "must be certified or none"}
    late = Client().post(
        "/api/v1/trace/mass-balance", json.dumps(LATE), "application/json",
        headers={"accept-language": "fr"},
    )  # fmt: skip
    assert late.json() == {
        "detail": "le 5 mars 2026 est hors de la période du 1er janvier 2025 au 31 décembre 2025",
        "field": "events[9].date",
    }
