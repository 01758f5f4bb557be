"""Numbers as each language writes them, and the optimizer's result shown with labels."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from aluhub.circular import formatting
from aluhub.circular.formatting import NARROW_NBSP, blend_display, money, number, tonnes


def test_tonnes_french_uses_comma_and_narrow_space() -> None:
    assert tonnes(Decimal("25.000"), lang="fr") == "25,0"
    assert tonnes(Decimal("1234.5"), lang="fr") == f"1{NARROW_NBSP}234,5"
    assert tonnes(Decimal("0.125"), lang="fr") == "0,125"


def test_tonnes_english_uses_point_and_comma() -> None:
    assert tonnes(Decimal("25.000"), lang="en") == "25.0"
    assert tonnes(Decimal("1234.5"), lang="en") == "1,234.5"


def test_money_places_the_dollar_sign_per_language() -> None:
    assert money(18380.37, lang="fr") == f"18{NARROW_NBSP}380,37\u00a0$"
    assert money(18380.37, lang="en") == "$18,380.37"


def test_significant_never_writes_an_exponent() -> None:
    assert formatting.significant(0.005521, lang="en") == "0.005521"
    assert formatting.significant(0.6, lang="fr") == "0,6"
    assert formatting.significant(None) == "—"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_number_reads_back_to_the_value(value: float) -> None:
    # Whatever the language, undoing the separators gives the rounded value back.
    fr = number(value, 2, lang="fr").replace(NARROW_NBSP, "").replace(",", ".")
    en = number(value, 2, lang="en").replace(",", "")
    assert float(fr) == float(en) == round(value, 2) + 0.0


def test_blend_display_shows_labels_not_ids() -> None:
    result = {
        "status": "optimal",
        "mass_kg": 10000.0,
        "cost": 18380.37,
        "charge": [{"id": "offer-6", "kg": 9816.0}, {"id": "P1020", "kg": 184.0}],
        "limits": [
            {"name": "Others_total", "min": None, "max": 0.15, "value": 0.0, "margin": 0.15}
        ],
        "recycled_pct": 98.16,
        "binding": ["Si max", "offer-6 available"],
        "value_in_use": {"offer-6": 1.85, "offer-9": 1.2},
        "out_of_spec_probability": None,
    }
    labels = {"offer-6": "Chutes 6063", "P1020": "Primary P1020"}
    with translation.override("en"):
        shown = blend_display(result, labels)
    assert [line["label"] for line in shown["charge"]] == ["Chutes 6063", "Primary P1020"]
    assert shown["charge"][0]["kg"] == "9,816"
    assert shown["binding"] == ["Si maximum", "all of “Chutes 6063” available"]
    assert [(v["label"], v["in_charge"]) for v in shown["value_in_use"]] == [
        ("Chutes 6063", True),
        ("offer-9", False),
    ]
    assert shown["limits"][0]["name"] == "Other elements, total"
    assert shown["summary"] == (
        "Optimal charge: $18,380.37 for 10,000\u00a0kg of melt, 98.2% recycled content."
    )


def test_blend_display_explains_an_infeasible_charge_in_french() -> None:
    result = {
        "status": "infeasible",
        "mass_kg": 1000.0,
        "charge": [],
        "limits": [],
        "violations": [{"limit": "mass", "bound": 1000.0, "value": 250.0, "amount": 750.0}],
    }
    with translation.override("fr"):
        shown = blend_display(result, {})
    assert shown["optimal"] is False
    assert shown["violations"] == [
        "Les matières disponibles donnent au plus 250\u00a0kg de métal liquide, soit "
        "750\u00a0kg de moins que les 1\u202f000\u00a0kg demandés."
    ]


def test_a_percentage_takes_no_space_in_english_and_a_no_break_space_in_french() -> None:
    with translation.override("en"):
        english = formatting.risk_text(0.375, 0.95)
    with translation.override("fr"):
        french = formatting.risk_text(0.375, 0.95)
    assert english.startswith("High out-of-spec risk: about 37.5%, roughly 1 melt in 3 ")
    assert french.startswith(
        "Risque élevé de hors-spécification\u00a0: environ 37,5\u00a0%, à peu "
    )
