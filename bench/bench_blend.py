"""Benchmark of the melt-charge optimizer against PuLP + CBC and a greedy heuristic.

Synthetic scrap lots (seeded) against real registry targets (6063 extrusion billet, A356.0
casting). For each size we time: the engine's model build (parse + rows + LP matrices), its
HiGHS solve, the same problem built and solved with PuLP + CBC, and a greedy heuristic (cheapest
lots first, each lot taken as far as every limit still allows, primary to fill). Costs are
compared with the engine's optimum.

    .venv/bin/python bench/bench_blend.py [--sizes 10,100,1000,5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import math
import time
import warnings
from typing import Any

import numpy as np
import pulp

from aluhub.circular.registry import load_alloys
from aluhub.engines import blend as engine

ELEMENTS = ("Si", "Fe", "Cu", "Mn", "Mg", "Cr", "Zn", "Ti")

# Typical (mean) chemistry of the scrap families the synthetic lots come from, % by mass.
FAMILIES: dict[str, dict[str, dict[str, float]]] = {
    "6063": {
        "6063 extrusion scrap": {"Si": 0.45, "Fe": 0.2, "Mg": 0.55, "Cu": 0.02, "Zn": 0.02},
        "6061 scrap": {"Si": 0.6, "Fe": 0.4, "Cu": 0.28, "Mg": 1.0, "Cr": 0.2, "Mn": 0.08},
        "mixed 6xxx": {"Si": 0.6, "Fe": 0.35, "Cu": 0.1, "Mg": 0.7, "Zn": 0.1, "Mn": 0.1},
        "UBC": {"Si": 0.2, "Fe": 0.45, "Cu": 0.15, "Mn": 0.9, "Mg": 1.2, "Zn": 0.1},
    },
    "A356.0": {
        "A356 returns": {"Si": 7.0, "Fe": 0.12, "Mg": 0.35, "Ti": 0.12, "Cu": 0.02},
        "wheels": {"Si": 7.1, "Fe": 0.25, "Mg": 0.3, "Ti": 0.1, "Cu": 0.05, "Zn": 0.05},
        "mixed cast": {"Si": 8.5, "Fe": 0.6, "Cu": 1.5, "Mg": 0.2, "Zn": 0.6, "Mn": 0.2},
        "6xxx extrusions": {"Si": 0.5, "Fe": 0.2, "Mg": 0.6},
    },
}
ADDITIONS = [
    {"id": "P1020", "kind": "primary", "price_per_kg": 3.30, "available_kg": None,
     "yield": 0.99, "composition": {"Si": 0.05, "Fe": 0.10}},
    {"id": "Si-metal", "kind": "alloying", "price_per_kg": 3.60, "available_kg": None,
     "yield": 0.98, "composition": {"Si": 98.5, "Fe": 0.4}},
    {"id": "Mg-ingot", "kind": "alloying", "price_per_kg": 5.20, "available_kg": None,
     "yield": 0.95, "composition": {"Mg": 99.8}},
    {"id": "Ti-master", "kind": "alloying", "price_per_kg": 12.0, "available_kg": None,
     "yield": 1.0, "composition": {"Ti": 10.0}},
]  # fmt: skip


def make_problem(alloy: str, n_lots: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    families = list(FAMILIES[alloy].values())
    lots = []
    for i in range(n_lots):
        base = families[int(rng.integers(len(families)))]
        comp = {e: round(float(v * rng.uniform(0.6, 1.4)), 4) for e, v in base.items()}
        lots.append(
            {
                "id": f"lot-{i}",
                "kind": "scrap",
                "price_per_kg": round(float(rng.uniform(1.2, 2.6)), 3),
                "available_kg": round(float(rng.uniform(200, 5000)), 1),
                "yield": round(float(rng.uniform(0.85, 0.98)), 3),
                "composition": comp,
            }
        )
    return {
        "target": {"alloy": alloy, "mass_kg": 40_000},
        "limits": {},
        "materials": lots + ADDITIONS,
        "min_recycled_pct": None,
        "confidence": None,
    }


def run_end_to_end(data: dict[str, Any]) -> float:
    t0 = time.perf_counter()
    engine.blend(data, load_alloys(), lang="en")
    return time.perf_counter() - t0


def run_pulp(data: dict[str, Any], problem: engine.BlendProblem) -> tuple[float, float, float]:
    t0 = time.perf_counter()
    rows = engine._build_rows(problem)
    mats = problem.materials
    lp = pulp.LpProblem("charge", pulp.LpMinimize)
    x = [pulp.LpVariable(f"x{i}", lowBound=0, upBound=m.available_kg) for i, m in enumerate(mats)]
    lp += pulp.lpSum(m.price_per_kg * x[i] for i, m in enumerate(mats))
    M = problem.mass_kg
    lp += pulp.lpSum(m.yield_ * x[i] for i, m in enumerate(mats)) == M
    for k in range(len(rows.names)):
        coefs = [(x[i], mats[i].yield_ * rows.A[k, i] / M) for i in range(len(mats))]
        expr = pulp.LpAffineExpression([(v, c) for v, c in coefs if c != 0])
        if math.isfinite(rows.hi[k]):
            lp += expr <= rows.hi[k]
        if math.isfinite(rows.lo[k]) and rows.lo[k] > 0:
            lp += expr >= rows.lo[k]
    t1 = time.perf_counter()
    lp.solve(pulp.PULP_CBC_CMD(msg=0))
    t2 = time.perf_counter()
    assert pulp.LpStatus[lp.status] == "Optimal"
    return t1 - t0, t2 - t1, float(pulp.value(lp.objective))


def run_greedy(problem: engine.BlendProblem) -> tuple[float, float | None]:
    """Cheapest melt first; each lot as far as the limits allow with primary filling the rest.

    A lot is accepted in the largest amount t such that the final melt (current lots, t of the
    lot, primary and alloying to fill) can still meet every maximum; minima are then met with
    the cheapest alloying additions. A plain rule of thumb, not an optimizer.
    """
    t0 = time.perf_counter()
    rows = engine._build_rows(problem)
    mats = problem.materials
    M = problem.mass_kg
    primary = next(i for i, m in enumerate(mats) if m.kind == "primary")
    hi = np.where(np.isfinite(rows.hi), rows.hi, np.inf)
    lo = np.where(np.isfinite(rows.lo), rows.lo, -np.inf)
    w = np.zeros(len(mats))  # melt fractions
    order = sorted(
        (i for i, m in enumerate(mats) if m.kind == "scrap"),
        key=lambda i: mats[i].price_per_kg / mats[i].yield_,
    )
    # Reserve room for alloying additions that raise minima (assume 2 % of the melt at most).
    room = 0.98
    for i in order:
        cap = room - w.sum()
        if cap <= 0:
            break
        kg_avail = mats[i].available_kg
        avail = math.inf if kg_avail is None else mats[i].yield_ * kg_avail / M
        t = min(cap, avail)
        # With primary filling the rest: value_k = (A w)_k + t A_ki + (1 - sum w - t) A_kp <= hi.
        base = rows.A @ w + (1 - w.sum()) * rows.A[:, primary]
        slope = rows.A[:, i] - rows.A[:, primary]
        for r in np.flatnonzero(slope > 0):
            t = min(t, max((hi[r] - base[r]) / slope[r], 0.0))
        w[i] += t
    w[primary] += 1 - w.sum()
    # Raise minima with the alloying addition richest in each short row, taken from primary.
    for k in range(len(rows.names)):
        value = rows.A[k] @ w
        if value >= lo[k]:
            continue
        adds = [i for i, m in enumerate(mats) if m.kind == "alloying"]
        best = max(adds, key=lambda i: float(rows.A[k, i]))
        gain = rows.A[k, best] - rows.A[k, primary]
        need = (lo[k] - value) / gain if gain > 0 else math.inf
        take = min(need, w[primary])
        w[best] += take
        w[primary] -= take
    values = rows.A @ w
    ok = bool(np.all(values <= hi + 1e-9) and np.all(values >= lo - 1e-9))
    x = w * M / np.array([m.yield_ for m in mats])
    cost = float(sum(m.price_per_kg * x[i] for i, m in enumerate(mats)))
    return time.perf_counter() - t0, cost if ok else None


def main() -> None:
    warnings.simplefilter("ignore", DeprecationWarning)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        "| target | lots | engine build (ms) | engine solve (ms) | engine total (ms) "
        "| CBC build (ms) | CBC solve (ms) | CBC cost / optimum | greedy (ms) "
        "| greedy cost / optimum |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for alloy in ("6063", "A356.0"):
        for n in sizes:
            data = make_problem(alloy, n, seed=n)
            engine.blend(data, load_alloys())  # warm-up (imports, registry)
            builds, solves, totals = [], [], []
            cost = math.nan
            for _ in range(args.repeat):
                problem = engine.parse_blend_problem(data, load_alloys())
                t0 = time.perf_counter()
                problem = engine.parse_blend_problem(data, load_alloys())
                rows = engine._build_rows(problem)
                engine._build_model(problem, rows, 0.0)
                t1 = time.perf_counter()
                totals.append(run_end_to_end(data))
                builds.append(t1 - t0)
                solves.append(totals[-1] - builds[-1])
                cost = engine.blend(data, load_alloys()).cost or math.nan
            problem = engine.parse_blend_problem(data, load_alloys())
            cbc_build, cbc_solve, cbc_cost = run_pulp(data, problem)
            greedy_time, greedy_cost = run_greedy(problem)
            greedy_ratio = "infeasible" if greedy_cost is None else f"{greedy_cost / cost:.4f}"
            print(
                f"| {alloy} | {n} | {1000 * min(builds):.1f} | {1000 * min(solves):.1f} "
                f"| {1000 * min(totals):.1f} | {1000 * cbc_build:.1f} | {1000 * cbc_solve:.1f} "
                f"| {cbc_cost / cost:.8f} | {1000 * greedy_time:.1f} | {greedy_ratio} |"
            )


if __name__ == "__main__":
    main()
