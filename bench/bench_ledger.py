"""Benchmark of the mass-balance engine (``aluhub.engines.ledger.mass_balance``).

A seeded synthetic site ledger over one year: receipts (40 %, half of them certified, with
recycled content and footprint), productions (30 %) and shipments (30 %, half claimed
certified), 1,000 to 1,000,000 events, the physical bounds respected. Both methods. Prints the
median wall time and the median CPU time of the process (``time.process_time``: on a loaded
machine it leaves out the time spent waiting for a core) of ``--repeat`` runs of the engine on
the JSON-like dict (parsing, validation, ordering, physical check, claims) and, separately,
the time of ``json.loads`` of the file a CLI user would give it.

A fixed reference workload is timed in the same run, between the engine runs: numpy's sort of
1,000,000 float64 values. The ratio ``engine / reference`` compares runs made under different
loads (both slow down together).

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

import numpy as np

from aluhub.engines.ledger import mass_balance

REFERENCE_ROWS = 1_000_000


def reference_seconds(values: np.ndarray) -> float:
    """Wall time of the reference workload: np.sort of 1,000,000 float64."""
    t0 = time.perf_counter()
    np.sort(values)
    return time.perf_counter() - t0


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
    reference_values = np.random.default_rng(22095).random(REFERENCE_ROWS)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"cores {os.cpu_count()}, load average {load}")
    print(
        "| events | method | median wall (s) | median CPU (s) | reference sort (s) "
        "| wall / reference | json.loads (s) | claimed kg | rejected |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        for method in ("credit", "percentage"):
            data = make_ledger(n, method)
            text = json.dumps(data)
            t0 = time.perf_counter()
            json.loads(text)
            load_s = time.perf_counter() - t0
            walls, cpus, refs = [], [], []
            for _ in range(args.repeat):
                refs.append(reference_seconds(reference_values))
                t0, c0 = time.perf_counter(), time.process_time()
                result = mass_balance(data)
                walls.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
            wall, ref = statistics.median(walls), statistics.median(refs)
            print(
                f"| {n:,} | {method} | {wall:.3f} | {statistics.median(cpus):.3f} | {ref:.4f} | "
                f"{wall / ref:.1f} | {load_s:.3f} | {result.claimed_kg:,.0f} | "
                f"{len(result.rejected_claims):,} |"
            )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end {load}")


if __name__ == "__main__":
    main()
