"""The columnar mass balance against a plain event-by-event loop, float for float.

The engine runs the physical checks and the claims over numpy arrays (running sums) and
only falls back to event-by-event loops to name a violation or past many rejections. Here a
straightforward loop written from the module's rules (one event at a time, in processing
order) must give the very same floats: claimed kg, every balance, every rejected claim and
the first violation.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aluhub.engines import ledger as engine
from aluhub.engines.errors import EngineInputError

TOL = engine.REL_TOL
RANK = {"receive": 0, "produce": 1, "ship": 2}


def event_by_event(data: dict[str, Any]) -> tuple[Any, ...]:
    """('invalid', field) or ('ok', claimed, balances, rejected) by one loop over the events."""
    f = data["conversion_factor"]
    events = data["events"]
    timeline = sorted(
        range(len(events)), key=lambda i: (events[i]["date"], RANK[events[i]["type"]], i)
    )
    received = produced = 0.0
    stock = data.get("opening_stock_kg") or 0.0
    made: defaultdict[str, float] = defaultdict(float)
    sent: defaultdict[str, float] = defaultdict(float)
    for i in timeline:
        event = events[i]
        if event["type"] == "receive":
            received += event["kg"]
        elif event["type"] == "produce":
            produced += event["kg"]
            made[event["lot"]] += event["kg"]
            capacity = (stock + received) * f
            if produced > capacity + TOL * max(1.0, abs(produced), abs(capacity)):
                return ("invalid", f"events[{i}].kg")
        else:
            sent[event["lot"]] += event["kg"]
            total, have = sent[event["lot"]], made[event["lot"]]
            if total > have and total > have + TOL * max(1.0, total):
                return ("invalid", f"events[{i}].kg")

    kgs = [e["kg"] for e in events]
    all_in = math.fsum(kg for kg, e in zip(kgs, events, strict=True) if e["type"] == "receive")
    cert_in = math.fsum(kg for kg, e in zip(kgs, events, strict=True) if e.get("certified"))
    made_kg = math.fsum(kg for kg, e in zip(kgs, events, strict=True) if e["type"] == "produce")
    claimed, balances, rejected = 0.0, [], []
    if data["method"] == "credit":
        balance = data.get("opening_balance_kg") or 0.0
        for i in timeline:
            event = events[i]
            if event["type"] == "receive" and event.get("certified"):
                balance += event["kg"] * f
            elif event["type"] == "ship" and event.get("claim") == "certified":
                amount = event["kg"]
                if amount <= balance or amount <= balance + TOL * max(1.0, amount):
                    balance = max(0.0, balance - amount)
                    claimed += amount
                else:
                    rejected.append((event["date"], event["lot"], amount, balance))
            else:
                continue
            balances.append(balance)
    else:
        claimable = cert_in / all_in * made_kg if all_in > 0.0 else 0.0
        for i in timeline:
            event = events[i]
            if event["type"] != "ship" or event.get("claim") != "certified":
                continue
            total = claimed + event["kg"]
            if total <= claimable + TOL * max(1.0, total, claimable):
                claimed = total
            else:
                rejected.append(
                    (event["date"], event["lot"], event["kg"], max(0.0, claimable - claimed))
                )
            balances.append(max(0.0, claimable - claimed))
    return ("ok", claimed, balances, rejected)


def engine_answer(data: dict[str, Any]) -> tuple[Any, ...]:
    try:
        result = engine.mass_balance(data)
    except EngineInputError as error:
        return ("invalid", error.field)
    rejected = [(c.date.isoformat(), c.lot, c.kg, c.available_kg) for c in result.rejected_claims]
    return ("ok", result.claimed_kg, list(result.balances), rejected)


DAYS = [f"2025-{m:02d}-{d:02d}" for m in range(1, 13) for d in (3, 17)]


@st.composite
def busy_ledgers(draw: st.DrawFn) -> dict[str, Any]:
    """Up to 400 events with fractional kg, few lots (long per-lot runs), many claims.

    Most ledgers respect the physical bounds; a few productions or shipments overshoot so
    that the first violation must be named. Scarce certified receipts make many claims fail
    (more than the engine's columnar runs, so its event-by-event tail runs too).
    """
    # One seed per example: the bulk of each ledger comes from a seeded generator.
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    method = rnd.choice(["credit", "percentage"])
    factor = rnd.choice([1.0, 0.93, 0.8])
    n = rnd.randint(1, 400)
    certified_share = rnd.choice([0.05, 0.3, 0.8])
    overshoot = rnd.choice([0.0, 0.0, 0.01])
    lots = [f"L{k}" for k in range(rnd.randint(1, 4))]
    events: list[dict[str, Any]] = []
    room = 0.0
    left = dict.fromkeys(lots, 0.0)
    for day in sorted(rnd.choice(DAYS) for _ in range(n)):
        roll = rnd.random()
        kg = round(rnd.uniform(0.1, 400.0), rnd.choice([0, 3, 9]))
        if kg <= 0.0:
            kg = 1.0
        if roll < 0.35:
            room += kg * factor
            events.append(
                {
                    "date": day,
                    "type": "receive",
                    "lot": f"R{len(events)}",
                    "kg": kg,
                    "certified": rnd.random() < certified_share,
                }
            )
        elif roll < 0.6:
            kg = min(kg, room * (1.0 + overshoot) if rnd.random() < 0.05 else room)
            if kg <= 0.0:
                continue
            lot = rnd.choice(lots)
            room -= kg
            left[lot] += kg
            events.append({"date": day, "type": "produce", "lot": lot, "kg": kg})
        else:
            lot = rnd.choice(lots)
            have = left[lot] * (1.0 + overshoot) if rnd.random() < 0.05 else left[lot]
            kg = min(kg, have)
            if kg <= 0.0:
                continue
            left[lot] -= kg
            claim = "certified" if rnd.random() < 0.8 else "none"
            events.append({"date": day, "type": "ship", "lot": lot, "kg": kg, "claim": claim})
    rnd.shuffle(events)  # file order differs from date order
    data: dict[str, Any] = {
        "site": "S",
        "method": method,
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "conversion_factor": factor,
        "events": events,
    }
    if method == "credit" and rnd.random() < 0.5:
        data["opening_balance_kg"] = round(rnd.uniform(0.0, 2000.0), 2)
    return data


PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(busy_ledgers())
def test_columnar_engine_gives_the_same_floats_as_an_event_by_event_loop(
    data: dict[str, Any],
) -> None:
    assert engine_answer(data) == event_by_event(data)


def test_many_rejections_run_past_the_columnar_runs_and_stay_exact() -> None:
    # 1 certified receipt of 100 kg, then 40 claims of 30 kg: 3 accepted, 37 rejected
    # (more than MAX_CLAIM_SEGMENTS), and every rejection shows the 10 kg then left.
    events: list[dict[str, Any]] = [
        {"date": "2025-01-02", "type": "receive", "lot": "R", "kg": 2000.0, "certified": False},
        {"date": "2025-01-02", "type": "receive", "lot": "C", "kg": 100.0, "certified": True},
        {"date": "2025-01-03", "type": "produce", "lot": "P", "kg": 1200.0},
    ]
    events += [
        {"date": "2025-01-04", "type": "ship", "lot": "P", "kg": 30.0, "claim": "certified"}
        for _ in range(40)
    ]
    data = {
        "site": "S",
        "method": "credit",
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "conversion_factor": 1.0,
        "events": events,
    }
    result = engine.mass_balance(data)
    assert 37 > engine.MAX_CLAIM_SEGMENTS
    assert result.claimed_kg == 90.0
    assert [c.available_kg for c in result.rejected_claims] == [10.0] * 37
    assert engine_answer(data) == event_by_event(data)


@pytest.mark.parametrize("collide", [False, True])
def test_lots_sharing_a_hash_fall_back_to_the_exact_check(collide: bool) -> None:
    # P2 is shipped beyond its production while P1 has plenty: grouped together (every lot
    # given the same hash) they would hide the violation, so the collision must be noticed.
    events = [
        {"date": "2025-01-02", "type": "receive", "lot": "R", "kg": 1000.0},
        {"date": "2025-01-03", "type": "produce", "lot": "P1", "kg": 500.0},
        {"date": "2025-01-03", "type": "produce", "lot": "P2", "kg": 100.0},
        {"date": "2025-01-04", "type": "ship", "lot": "P2", "kg": 150.0},
    ]
    header = engine._parse_header(
        {
            "site": "S",
            "method": "credit",
            "period": {"start": "2025-01-01", "end": "2025-12-31"},
            "conversion_factor": 1.0,
        }
    )
    columns = engine._fast_columns(events, header)
    assert columns is not None
    if collide:
        columns = replace(columns, lot_hash=np.zeros(len(events), dtype=np.int64))
    with pytest.raises(EngineInputError) as caught:
        engine._balance(header, columns)
    assert caught.value.field == "events[3].kg"
    assert "lot P2: 150 kg shipped" in str(caught.value)


def test_group_running_sums_add_left_to_right_like_a_loop() -> None:
    rnd = random.Random(7)
    sizes = [1, 2, 5, engine.SHORT_GROUP, engine.SHORT_GROUP + 1, 300, 3]
    values: list[float] = []
    expected: list[float] = []
    for size in sizes:
        total = 0.0
        for _ in range(size):
            value = rnd.uniform(0.0, 1e6) * rnd.choice([1e-6, 1.0, 1e3])
            total += value
            values.append(value)
            expected.append(total)
    starts = np.cumsum([0, *sizes[:-1]])
    got = engine._group_cumsum(np.array(values), starts, np.array(sizes))
    assert got.tolist() == expected
