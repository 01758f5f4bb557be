"""Tests of the mass-balance ledger engine (no Django).

The worked examples are computed by hand in the comments next to them; the Hypothesis
properties are the four the issue names, plus agreement with an independent exact
(fractions) recomputation of the same rules.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aluhub.engines.errors import EngineInputError
from aluhub.engines.ledger import add_months, mass_balance, parse_ledger, render_text

REL = 1e-9


def receive(
    day: str,
    lot: str,
    kg: float,
    *,
    certified: bool = False,
    pre: float | None = None,
    post: float | None = None,
    co2e: float | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {"date": day, "type": "receive", "lot": lot, "kg": kg}
    event["certified"] = certified
    if pre is not None or post is not None:
        event["recycled"] = {"pre_consumer_pct": pre, "post_consumer_pct": post}
    if co2e is not None:
        event["co2e_per_kg"] = co2e
    return event


def produce(day: str, lot: str, kg: float) -> dict[str, Any]:
    return {"date": day, "type": "produce", "lot": lot, "kg": kg}


def ship(day: str, lot: str, kg: float, claim: str = "none") -> dict[str, Any]:
    return {"date": day, "type": "ship", "lot": lot, "kg": kg, "claim": claim, "customer": "C"}


def ledger(events: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "site": "Usine Saguenay",
        "method": "credit",
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "conversion_factor": 1.0,
        "events": events,
    }
    data.update(kw)
    return data


# Credit method, worked by hand. Processing order (date; receive < produce < ship; file order):
#   02-01 R1 +1000 certified -> credits 100 + 900 = 1000; produce P1 800 (<= 1000 x 0.9 = 900)
#   03-01 R2 +500 -> received 1500; produce P1 400 -> 1200 <= 1350; ship P1 400 certified
#         (file index 0, but after the same-day receipt and production) -> credits 600
#   04-01 ship P1 700 certified > 600 -> rejected, available 600; ship P1 100 unclaimed
#   05-01 produce P2 100 (1300 <= 1350); ship P2 100 certified -> credits 500
CREDIT_EVENTS = [
    ship("2025-03-01", "P1", 400, "certified"),
    receive("2025-02-01", "R1", 1000, certified=True, pre=10, post=20, co2e=2.0),
    produce("2025-02-01", "P1", 800),
    receive("2025-03-01", "R2", 500, pre=0, post=50, co2e=8.0),
    produce("2025-03-01", "P1", 400),
    ship("2025-04-01", "P1", 700, "certified"),
    ship("2025-04-01", "P1", 100),
    produce("2025-05-01", "P2", 100),
    ship("2025-05-01", "P2", 100, "certified"),
]


def test_credit_method_worked_example() -> None:
    result = mass_balance(
        ledger(CREDIT_EVENTS, conversion_factor=0.9, opening_balance_kg=100)
    ).to_dict()
    assert result["inputs_kg"] == 1500
    assert result["certified_inputs_kg"] == 1000
    assert result["certified_input_share_pct"] == pytest.approx(200 / 3, rel=REL)
    assert result["outputs_kg"] == 1300
    assert result["shipped_kg"] == 1300
    assert result["claimable_kg"] == pytest.approx(1000, rel=REL)
    assert result["claimed_kg"] == 500
    assert result["closing_balance_kg"] == pytest.approx(500, rel=REL)
    assert result["rejected_claims"] == [
        {"date": "2025-04-01", "lot": "P1", "kg": 700.0, "available_kg": 600.0}
    ]
    # pre (1000 x 10 + 500 x 0) / 1500; post (1000 x 20 + 500 x 50) / 1500
    assert result["recycled_content"]["pre_consumer_pct"] == pytest.approx(20 / 3, rel=REL)
    assert result["recycled_content"]["post_consumer_pct"] == pytest.approx(30, rel=REL)
    # (1000 x 2 + 500 x 8) / 1500 / 0.9
    assert result["co2e_per_kg_output"] == pytest.approx(4 / 0.9, rel=REL)
    assert result["events"] == 9


def test_credit_receipt_on_the_shipping_day_counts_before_the_shipment() -> None:
    events = [
        produce("2025-06-01", "P", 50),
        ship("2025-06-01", "P", 50, "certified"),
        receive("2025-06-01", "R", 100, certified=True),
    ]
    result = mass_balance(ledger(events)).to_dict()
    assert result["claimed_kg"] == 50
    assert result["rejected_claims"] == []
    assert result["closing_balance_kg"] == 50


def test_credit_claim_exactly_equal_to_the_balance_is_accepted() -> None:
    # 0.1 + 0.2 credits in floating point is 0.30000000000000004; a 0.3 kg claim must pass
    # and 0.3 x 1 claims against 0.1 + 0.2 are the same balance.
    events = [
        receive("2025-01-02", "A", 0.1, certified=True),
        receive("2025-01-02", "B", 0.2, certified=True),
        produce("2025-01-03", "P", 0.3),
        ship("2025-01-04", "P", 0.3, "certified"),
    ]
    result = mass_balance(ledger(events)).to_dict()
    assert result["claimed_kg"] == pytest.approx(0.3)
    assert result["rejected_claims"] == []
    assert result["closing_balance_kg"] == 0.0


def test_credit_opening_balance_is_available_from_the_first_day() -> None:
    events = [
        receive("2025-01-01", "R", 100),
        produce("2025-01-01", "P", 100),
        ship("2025-01-01", "P", 60, "certified"),
        ship("2025-01-02", "P", 40, "certified"),
    ]
    result = mass_balance(ledger(events, opening_balance_kg=75)).to_dict()
    assert result["claimable_kg"] == 75
    assert result["claimed_kg"] == 60
    assert result["closing_balance_kg"] == 15
    assert result["rejected_claims"] == [
        {"date": "2025-01-02", "lot": "P", "kg": 40.0, "available_kg": 15.0}
    ]
    assert result["certified_inputs_kg"] == 0
    assert result["certified_input_share_pct"] == 0


# Percentage method, worked by hand: certified 600 of 1000 kg received, 900 kg produced
# -> claimable 600 / 1000 x 900 = 540. Claims in date order: 300 (total 300) accepted;
# 300 (would be 600) rejected with 240 available; 200 (total 500) accepted; 50 (would be 550)
# rejected with 40 available. Claimed 500, closing 40.
PERCENTAGE_EVENTS = [
    receive("2025-01-10", "A", 600, certified=True),
    receive("2025-01-10", "B", 400),
    produce("2025-01-20", "X", 900),
    ship("2025-02-01", "X", 300, "certified"),
    ship("2025-02-02", "X", 300, "certified"),
    ship("2025-02-03", "X", 200, "certified"),
    ship("2025-02-04", "X", 50, "certified"),
]


def test_percentage_method_worked_example() -> None:
    data = ledger(
        PERCENTAGE_EVENTS,
        method="percentage",
        conversion_factor=0.95,
        period={"start": "2025-01-01", "end": "2025-06-30"},
    )
    result = mass_balance(data).to_dict()
    assert result["claimable_kg"] == pytest.approx(540, rel=REL)
    assert result["claimed_kg"] == 500
    assert result["closing_balance_kg"] == pytest.approx(40, rel=REL)
    assert result["rejected_claims"] == [
        {"date": "2025-02-02", "lot": "X", "kg": 300.0, "available_kg": 240.0},
        {"date": "2025-02-04", "lot": "X", "kg": 50.0, "available_kg": 40.0},
    ]
    assert result["certified_input_share_pct"] == pytest.approx(60, rel=REL)
    assert result["outputs_kg"] == 900
    assert result["shipped_kg"] == 850
    # No receipt states its recycled content or footprint: unknown, never guessed.
    assert result["recycled_content"] == {"pre_consumer_pct": None, "post_consumer_pct": None}
    assert result["co2e_per_kg_output"] is None


def test_percentage_method_accepts_an_explicit_zero_opening_balance() -> None:
    data = ledger(PERCENTAGE_EVENTS, method="percentage", opening_balance_kg=0)
    assert mass_balance(data).claimed_kg == 500


def test_footprint_is_unknown_when_one_receipt_lacks_it() -> None:
    events = [
        receive("2025-03-01", "A", 100, co2e=2.0, pre=10, post=0),
        receive("2025-03-01", "B", 100, pre=0, post=0),
    ]
    result = mass_balance(ledger(events)).to_dict()
    assert result["co2e_per_kg_output"] is None
    assert result["recycled_content"] == {"pre_consumer_pct": 5.0, "post_consumer_pct": 0.0}


def test_empty_ledger_has_zero_flows_and_unknown_shares() -> None:
    result = mass_balance(ledger([])).to_dict()
    assert result["inputs_kg"] == 0
    assert result["claimable_kg"] == 0
    assert result["closing_balance_kg"] == 0
    assert result["certified_input_share_pct"] is None
    assert result["co2e_per_kg_output"] is None


def test_opening_stock_allows_production_before_receipts() -> None:
    events = [produce("2025-01-05", "P", 450), receive("2025-01-06", "R", 100)]
    result = mass_balance(ledger(events, opening_stock_kg=500, conversion_factor=0.9))
    assert result.outputs_kg == 450


# ------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period": {"start": "2025-01-01", "end": "2026-01-01"}}, "period.end"),
        ({"period": {"start": "2025-01-01", "end": "2026-06-30"}}, "period.end"),
        ({"period": {"start": "2025-03-01", "end": "2025-02-01"}}, "period.end"),
        ({"period": {"start": "2025-13-01", "end": "2025-12-31"}}, "period.start"),
        ({"period": None}, "period"),
        ({"conversion_factor": 0}, "conversion_factor"),
        ({"conversion_factor": 1.01}, "conversion_factor"),
        ({"conversion_factor": -0.5}, "conversion_factor"),
        ({"conversion_factor": "0.9"}, "conversion_factor"),
        ({"method": "volume"}, "method"),
        ({"method": None}, "method"),
        ({"method": "percentage", "opening_balance_kg": 10}, "opening_balance_kg"),
        ({"opening_balance_kg": -1}, "opening_balance_kg"),
        ({"opening_stock_kg": -1}, "opening_stock_kg"),
        ({"events": "nope"}, "events"),
    ],
)
def test_bad_ledger_names_the_field(change: dict[str, Any], field: str) -> None:
    data = ledger(copy.deepcopy(CREDIT_EVENTS))
    data.update(change)
    with pytest.raises(EngineInputError) as exc:
        mass_balance(data)
    assert exc.value.field == field


def test_missing_conversion_factor_is_refused() -> None:
    data = ledger([])
    del data["conversion_factor"]
    with pytest.raises(EngineInputError) as exc:
        mass_balance(data)
    assert exc.value.field == "conversion_factor"


def test_twelve_month_period_is_accepted_and_leap_day_rolls_over() -> None:
    assert mass_balance(ledger([], period={"start": "2025-02-01", "end": "2026-01-31"}))
    assert mass_balance(ledger([], period={"start": "2024-02-29", "end": "2025-02-28"}))
    assert add_months(add_months(date_of("2024-02-29"), 0), 12) == date_of("2025-03-01")
    assert add_months(date_of("2025-01-31"), 1) == date_of("2025-03-01")


def date_of(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("index", "change", "field"),
    [
        (3, {"kg": 0}, "events[3].kg"),
        (3, {"kg": -5}, "events[3].kg"),
        (3, {"kg": "5"}, "events[3].kg"),
        (3, {"kg": True}, "events[3].kg"),
        (3, {"date": "2024-12-31"}, "events[3].date"),
        (3, {"date": "2026-01-01"}, "events[3].date"),
        (3, {"date": "31/12/2025"}, "events[3].date"),
        (3, {"type": "transform"}, "events[3].type"),
        (3, {"lot": ""}, "events[3].lot"),
        (1, {"certified": "yes"}, "events[1].certified"),
        (1, {"recycled": {"pre_consumer_pct": 120}}, "events[1].recycled.pre_consumer_pct"),
        (1, {"recycled": {"pre_consumer_pct": 60, "post_consumer_pct": 60}}, "events[1].recycled"),
        (1, {"co2e_per_kg": -1}, "events[1].co2e_per_kg"),
        (0, {"claim": "recycled"}, "events[0].claim"),
        (3, {"kg": float("nan")}, "events[3].kg"),
        (3, {"kg": float("inf")}, "events[3].kg"),
        (3, {"kg": 10**400}, "events[3].kg"),
        (1, {"co2e_per_kg": float("inf")}, "events[1].co2e_per_kg"),
        (
            1,
            {"recycled": {"post_consumer_pct": float("nan")}},
            "events[1].recycled.post_consumer_pct",
        ),
        (1, {"recycled": [10, 20]}, "events[1].recycled"),
        (2, {"date": None}, "events[2].date"),
        (2, {"lot": 7}, "events[2].lot"),
    ],
)
def test_bad_event_names_the_field(index: int, change: dict[str, Any], field: str) -> None:
    events = copy.deepcopy(CREDIT_EVENTS)
    events[index].update(change)
    with pytest.raises(EngineInputError) as exc:
        mass_balance(ledger(events, conversion_factor=0.9, opening_balance_kg=100))
    assert exc.value.field == field


def test_production_beyond_received_times_factor_is_a_physical_violation() -> None:
    # 1000 received x 0.9 = 900 may be produced; the second production (file index 3)
    # brings the total to 950.
    events = [
        receive("2025-02-01", "R", 1000),
        produce("2025-02-02", "P", 600),
        ship("2025-02-03", "P", 100),
        produce("2025-02-03", "P", 350),
    ]
    with pytest.raises(EngineInputError) as exc:
        mass_balance(ledger(events, conversion_factor=0.9))
    assert exc.value.field == "events[3].kg"
    assert "900" in exc.value.message


def test_shipping_more_of_a_lot_than_produced_is_a_physical_violation() -> None:
    events = [
        receive("2025-02-01", "R", 1000),
        produce("2025-02-02", "P", 500),
        ship("2025-02-03", "P", 300),
        ship("2025-02-04", "P", 300),
    ]
    with pytest.raises(EngineInputError) as exc:
        mass_balance(ledger(events))
    assert exc.value.field == "events[3].kg"


def test_shipping_a_lot_produced_later_the_same_day_is_physical() -> None:
    # Same date: production is taken before the shipment, whatever the file order.
    events = [
        receive("2025-02-01", "R", 1000),
        ship("2025-02-02", "P", 300),
        produce("2025-02-02", "P", 500),
    ]
    assert mass_balance(ledger(events)).shipped_kg == 300


def test_shipping_a_lot_never_produced_is_a_physical_violation() -> None:
    events = [receive("2025-02-01", "R", 1000), ship("2025-02-02", "R", 10)]
    with pytest.raises(EngineInputError) as exc:
        mass_balance(ledger(events))
    assert exc.value.field == "events[1].kg"


# ------------------------------------------------------------------------------ text


def test_text_report_is_french_by_default_and_english_on_request() -> None:
    result = mass_balance(
        ledger(CREDIT_EVENTS, conversion_factor=0.9, opening_balance_kg=100)
    ).to_dict()
    french = render_text(result)
    assert "Bilan massique" in french
    assert "Allégations refusées" in french
    assert "1\u00a0500,000\u00a0kg" in french
    assert "700,000" in french
    english = render_text(result, lang="en")
    assert "Rejected claims" in english
    assert "1,500.000 kg" in english
    assert json.loads(json.dumps(result)) == result


# ------------------------------------------------------------------------------ properties

DAYS = [f"2025-{m:02d}-{d:02d}" for m in (1, 2, 3) for d in (1, 10, 20)]


@st.composite
def ledgers(draw: st.DrawFn) -> dict[str, Any]:
    """Valid ledgers: productions and shipments stay within the physical bounds."""
    method = draw(st.sampled_from(["credit", "percentage"]))
    factor = draw(st.sampled_from([1.0, 0.95, 0.9, 0.8]))
    days = sorted(draw(st.sampled_from(DAYS)) for _ in range(draw(st.integers(1, 24))))
    events: list[dict[str, Any]] = []
    stock = made = 0.0
    left: dict[str, float] = {}
    for day in days:
        kind = draw(st.sampled_from(["receive", "produce", "produce", "ship", "ship", "ship"]))
        kg = float(draw(st.integers(1, 2000)))
        if kind == "receive":
            events.append(
                receive(
                    day,
                    f"R{len(events)}",
                    kg,
                    certified=draw(st.booleans()),
                    pre=float(draw(st.integers(0, 50))),
                    post=float(draw(st.integers(0, 50))),
                    co2e=float(draw(st.integers(1, 20))),
                )
            )
            stock += kg * factor
        elif kind == "produce":
            room = stock - made
            if room < 1:
                continue
            kg = min(kg, float(int(room)))
            lot = draw(st.sampled_from(["P1", "P2"]))
            made += kg
            left[lot] = left.get(lot, 0.0) + kg
            events.append(produce(day, lot, kg))
        else:
            lots = [lot for lot, kg_left in left.items() if kg_left >= 1]
            if not lots:
                continue
            lot = draw(st.sampled_from(sorted(lots)))
            kg = min(kg, float(int(left[lot])))
            left[lot] -= kg
            claim = draw(st.sampled_from(["certified", "none"]))
            events.append(ship(day, lot, kg, claim))
    data = ledger(events, method=method, conversion_factor=factor)
    if method == "credit":
        data["opening_balance_kg"] = float(draw(st.integers(0, 500)))
    return data


def exact(data: dict[str, Any]) -> tuple[Fraction, Fraction, list[tuple[str, Fraction]]]:
    """Claimable, claimed and rejections recomputed with fractions, grouped by date."""
    f = Fraction(data["conversion_factor"])
    by_day: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, event in enumerate(data["events"]):
        by_day.setdefault(event["date"], []).append((i, event))
    rank = {"receive": 0, "produce": 1, "ship": 2}
    timeline = [
        event
        for day in sorted(by_day)
        for _, event in sorted(by_day[day], key=lambda p: (rank[p[1]["type"]], p[0]))
    ]
    cert = sum((Fraction(e["kg"]) for e in timeline if e.get("certified")), Fraction(0))
    total = sum((Fraction(e["kg"]) for e in timeline if e["type"] == "receive"), Fraction(0))
    made = sum((Fraction(e["kg"]) for e in timeline if e["type"] == "produce"), Fraction(0))
    if data["method"] == "credit":
        claimable = Fraction(data.get("opening_balance_kg", 0)) + cert * f
    else:
        claimable = cert / total * made if total else Fraction(0)
    balance = Fraction(data.get("opening_balance_kg", 0)) if data["method"] == "credit" else None
    claimed = Fraction(0)
    rejected = []
    for e in timeline:
        if balance is not None and e["type"] == "receive" and e["certified"]:
            balance += Fraction(e["kg"]) * f
        if e["type"] == "ship" and e["claim"] == "certified":
            left = balance if balance is not None else claimable - claimed
            if Fraction(e["kg"]) <= left:
                claimed += Fraction(e["kg"])
                if balance is not None:
                    balance -= Fraction(e["kg"])
            else:
                rejected.append((e["date"], left))
    return claimable, claimed, rejected


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(ledgers())
def test_balance_never_negative_and_claimed_within_claimable(data: dict[str, Any]) -> None:
    result = mass_balance(data)
    assert all(balance >= 0 for balance in result.balances)
    assert result.closing_balance_kg >= 0
    assert result.claimed_kg <= result.claimable_kg * (1 + REL) + REL
    assert all(claim.available_kg >= 0 for claim in result.rejected_claims)


@PROPS
@given(ledgers())
def test_engine_agrees_with_an_exact_recomputation(data: dict[str, Any]) -> None:
    claimable, claimed, rejected = exact(data)
    result = mass_balance(data)
    assert result.claimable_kg == pytest.approx(float(claimable), rel=REL, abs=1e-9)
    assert result.claimed_kg == pytest.approx(float(claimed), rel=REL, abs=1e-9)
    got = [(c.date.isoformat(), c.available_kg) for c in result.rejected_claims]
    assert [day for day, _ in got] == [day for day, _ in rejected]
    for (_, have), (_, want) in zip(got, rejected, strict=True):
        assert have == pytest.approx(float(want), rel=REL, abs=1e-9)


@PROPS
@given(ledgers())
def test_dataclass_input_gives_the_same_result_as_the_dict(data: dict[str, Any]) -> None:
    # Plain dicts take the columnar path; parsed Ledger objects take the event-by-event one.
    assert mass_balance(parse_ledger(data)).to_dict() == mass_balance(data).to_dict()


def test_receipts_without_optional_fields_take_the_defaults() -> None:
    events = [
        {"date": "2025-01-02", "type": "receive", "lot": "A", "kg": 100},
        receive("2025-01-02", "B", 100, certified=True, pre=20),
        produce("2025-01-03", "P", 150),
        {"date": "2025-01-04", "type": "ship", "lot": "P", "kg": 50},
    ]
    result = mass_balance(ledger(events)).to_dict()
    assert result["certified_inputs_kg"] == 100
    assert result["claimed_kg"] == 0
    assert result["recycled_content"] == {"pre_consumer_pct": None, "post_consumer_pct": None}
    assert mass_balance(parse_ledger(ledger(events))).to_dict() == result


@PROPS
@given(ledgers(), st.randoms(use_true_random=False))
def test_reordering_events_of_different_dates_changes_nothing(
    data: dict[str, Any], rnd: Any
) -> None:
    # Shuffle the date groups in the file while keeping each date's events in file order.
    groups: dict[str, list[dict[str, Any]]] = {}
    for event in data["events"]:
        groups.setdefault(event["date"], []).append(event)
    keys = list(groups)
    rnd.shuffle(keys)
    shuffled = dict(data, events=[event for key in keys for event in groups[key]])
    assert mass_balance(shuffled).to_dict() == mass_balance(data).to_dict()


@PROPS
@given(ledgers(), st.data())
def test_splitting_a_receipt_in_two_equal_receipts_changes_nothing(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    receipts = [i for i, e in enumerate(data["events"]) if e["type"] == "receive"]
    if not receipts:
        return
    i = draw.draw(st.sampled_from(receipts))
    half = dict(data["events"][i], kg=data["events"][i]["kg"] / 2)
    split = dict(data, events=[*data["events"][:i], half, dict(half), *data["events"][i + 1 :]])
    before, after = mass_balance(data).to_dict(), mass_balance(split).to_dict()
    assert after.pop("events") == before.pop("events") + 1
    for key in ("inputs_kg", "certified_inputs_kg", "claimable_kg", "claimed_kg"):
        assert after[key] == pytest.approx(before[key], rel=REL, abs=1e-9)
    assert after["closing_balance_kg"] == pytest.approx(
        before["closing_balance_kg"], rel=REL, abs=1e-9
    )
    assert [(c["date"], c["lot"], c["kg"]) for c in after["rejected_claims"]] == [
        (c["date"], c["lot"], c["kg"]) for c in before["rejected_claims"]
    ]
    for a, b in zip(after["rejected_claims"], before["rejected_claims"], strict=True):
        assert a["available_kg"] == pytest.approx(b["available_kg"], rel=REL, abs=1e-9)
    for key in ("pre_consumer_pct", "post_consumer_pct"):
        assert after["recycled_content"][key] == pytest.approx(
            before["recycled_content"][key], rel=REL
        )
    assert after["co2e_per_kg_output"] == pytest.approx(before["co2e_per_kg_output"], rel=REL)


# ------------------------------------------------------------------------------ propagation


def test_transform_outputs_inherit_mass_weighted_recycled_content_and_footprint() -> None:
    from aluhub.engines.ledger import TransformInput, propagate

    # 600 kg at (10 % pre, 30 % post, 2 kg CO2e/kg) + 400 kg at (0, 80, 0.5), 950 kg out,
    # 95 kg CO2e of process emissions:
    # pre (6000 + 0) / 1000 = 6; post (18000 + 32000) / 1000 = 50;
    # co2e (1200 + 200 + 95) / 950 = 1.5736842...
    out = propagate([TransformInput(600, 10, 30, 2.0), TransformInput(400, 0, 80, 0.5)], 950, 95)
    assert out.pre_consumer_pct == pytest.approx(6)
    assert out.post_consumer_pct == pytest.approx(50)
    assert out.co2e_per_kg == pytest.approx(1495 / 950)


def test_transform_unknown_input_figure_stays_unknown() -> None:
    from aluhub.engines.ledger import TransformInput, propagate

    out = propagate([TransformInput(600, 10, None, 2.0), TransformInput(400, 0, 80, None)], 900)
    assert out.pre_consumer_pct == pytest.approx(6)
    assert out.post_consumer_pct is None
    assert out.co2e_per_kg is None
    unknown_process = propagate([TransformInput(100, 0, 0, 2.0)], 90, None)
    assert unknown_process.co2e_per_kg is None


def test_transform_cannot_put_out_more_than_it_takes_in() -> None:
    from aluhub.engines.ledger import TransformInput, propagate

    with pytest.raises(EngineInputError) as exc:
        propagate([TransformInput(100, 0, 0, 1.0)], 101)
    assert exc.value.field == "output_kg"


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.sampled_from([2, 3, 4]),
)
def test_report_figures_round_as_the_float_does(value: float, digits: int) -> None:
    # The report writes its figures through engines.text (Babel) on the float's exact value:
    # the rounding and the separators are those of Python's own formatting.
    from aluhub.engines.ledger import format_number

    expected = f"{value + 0.0:,.{digits}f}"
    assert format_number(value, digits, "en") == expected
    assert format_number(value, digits, "fr") == (expected.replace(",", "\u00a0").replace(".", ","))
