"""Benchmark of the mass-balance engine (``aluhub.engines.ledger.mass_balance``).

A seeded synthetic site ledger over one year: receipts (40 %, half of them certified, with
recycled content and footprint), productions (30 %) and shipments (30 %, half claimed
certified), 1,000 to 1,000,000 events, the physical bounds respected. Both methods. Prints the
median wall time of ``--repeat`` runs of the engine on the JSON-like dict (parsing, validation,
ordering, physical check, claims) and, separately, the time of ``json.loads`` of the file a CLI
user would give it.

    .venv/bin/python bench/bench_ledger.py [--repeat 3] [--sizes 1000,100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

from aluhub.engines.ledger import mass_balance


def make_ledger(n: int, method: str, seed: int = 22095) -> dict[str, Any]:
    rng = random.Random(seed + n)
    start = date(2025, 1, 1)
    days = [(start + timedelta(days=d)).isoformat() for d in range(365)]
    factor = 0.9
    events: list[dict[str, Any]] = []
    received = produced = 0.0
    lots: list[list[Any]] = []  # [lot, kg left]
    per_day = max(1, n // 365)
    for i in range(n):
        day = days[min(364, i // per_day)]
        roll = rng.random()
        kg = float(rng.randint(100, 5000))
        if roll < 0.4 or received * factor - produced < kg:
            received += kg
            events.append(
                {
                    "date": day,
                    "type": "receive",
                    "lot": f"R{i}",
                    "kg": kg,
                    "certified": rng.random() < 0.5,
                    "recycled": {"pre_consumer_pct": 10.0, "post_consumer_pct": 25.0},
                    "co2e_per_kg": 4.5,
                }
            )
        elif roll < 0.7 or not lots:
            produced += kg
            lots.append([f"P{i}", kg])
            events.append({"date": day, "type": "produce", "lot": f"P{i}", "kg": kg})
        else:
            lot = lots[-1]
            kg = min(kg, lot[1])
            lot[1] -= kg
            if lot[1] <= 0:
                lots.pop()
            claim = "certified" if rng.random() < 0.5 else "none"
            events.append(
                {"date": day, "type": "ship", "lot": lot[0], "kg": kg, "claim": claim,
                 "customer": "C"}
            )  # fmt: skip
    return {
        "site": "bench",
        "method": method,
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "conversion_factor": factor,
        "opening_balance_kg": 0.0,
        "events": events,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    args = parser.parse_args()
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
    print("| events | method | median engine time (s) | json.loads (s) | claimed kg | rejected |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        for method in ("credit", "percentage"):
            data = make_ledger(n, method)
            text = json.dumps(data)
            t0 = time.perf_counter()
            json.loads(text)
            load = time.perf_counter() - t0
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                result = mass_balance(data)
                times.append(time.perf_counter() - t0)
            print(
                f"| {n:,} | {method} | {statistics.median(times):.3f} | {load:.3f} | "
                f"{result.claimed_kg:,.0f} | {len(result.rejected_claims):,} |"
            )


if __name__ == "__main__":
    main()
