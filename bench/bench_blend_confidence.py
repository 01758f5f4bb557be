"""Benchmark of the optimizer's confidence mode: exact cone (outer approximation) vs safe bound.

Same synthetic problems as bench_blend.py, each lot given a composition standard deviation of
10 % of its mean value per element, at a 95 % confidence level. For each size we solve twice:
the exact chance-constrained charge (tangent cuts until every cone holds within 1e-9 %) and the
safe linear bound the engine used before (``CONE_MAX_ROUNDS = 0`` forces that fallback). We
report the time of each whole ``blend()`` call (best of --repeat), the costs, how much the exact
model saves, and the Monte Carlo out-of-spec probability of each charge.

    .venv/bin/python bench/bench_blend_confidence.py [--sizes 100,1000,5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
import warnings
from typing import Any

from bench_blend import make_problem

from aluhub.circular.registry import load_alloys
from aluhub.engines import blend as engine


def with_sd(data: dict[str, Any], confidence: float) -> dict[str, Any]:
    out = dict(data)
    out["materials"] = [
        dict(m, composition_sd={e: round(0.1 * v, 5) for e, v in m["composition"].items()})
        for m in data["materials"]
    ]
    out["confidence"] = confidence
    return out


def timed(data: dict[str, Any], repeat: int) -> tuple[float, engine.BlendResult]:
    alloys = load_alloys()
    best, result = float("inf"), engine.blend(data, alloys)
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = engine.blend(data, alloys)
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    warnings.simplefilter("ignore", DeprecationWarning)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--confidence", type=float, default=0.95)
    args = parser.parse_args()
    print(
        "| target | lots | exact (ms) | safe bound (ms) | exact cost ($) | safe cost ($) "
        "| saved by exact | out of spec, exact | out of spec, safe |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rounds = engine.CONE_MAX_ROUNDS
    for alloy in ("6063", "A356.0"):
        for n in (int(s) for s in args.sizes.split(",")):
            data = with_sd(make_problem(alloy, n, seed=n), args.confidence)
            engine.CONE_MAX_ROUNDS = rounds
            t_exact, exact = timed(data, args.repeat)
            engine.CONE_MAX_ROUNDS = 0
            t_safe, safe = timed(data, args.repeat)
            engine.CONE_MAX_ROUNDS = rounds
            if exact.cost is None or safe.cost is None:
                print(f"| {alloy} | {n} | {exact.status} | {safe.status} | | | | | |")
                continue
            saved = 100 * (safe.cost - exact.cost) / safe.cost
            print(
                f"| {alloy} | {n} | {1000 * t_exact:.1f} | {1000 * t_safe:.1f} "
                f"| {exact.cost:,.2f} | {safe.cost:,.2f} | {saved:.3f} % "
                f"| {100 * (exact.out_of_spec_probability or 0):.2f} % "
                f"| {100 * (safe.out_of_spec_probability or 0):.2f} % |"
            )


if __name__ == "__main__":
    main()
