"""The optimizer against a bare HiGHS model of the same LP, in process and as whole commands.

Problems: bench_blend.py's synthetic 6063 lots with the registry's element limits written out
explicitly (no ``Others`` rows, so both sides solve the identical LP). In process: one
``engine.blend()`` call (validation, rows, HiGHS, kg re-check, duals, report) against
``bare_blend.solve()``. Whole process: ``aluhub blend FILE`` against ``python bare_blend.py FILE``
(interpreter start, imports, reading the file, solving, printing). Medians of --repeat runs,
taken alternately so that the machine's load hits both alike.

    .venv/bin/python bench/bench_blend_bare.py [--sizes 1000,5000] [--repeat 7] [--cpu]
        [--in-process-only]

``--cpu`` times the in-process calls in CPU time (``time.process_time``) rather than wall time,
which a machine shared with other work disturbs less; the whole-process runs stay wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bare_blend import solve as bare_solve
from bench_blend import make_problem

from aluhub.circular.registry import load_alloys
from aluhub.engines import blend as engine

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def explicit(alloy: str, n: int) -> dict[str, Any]:
    data = make_problem(alloy, n, seed=n)
    spec = load_alloys()[alloy]
    data["target"]["alloy"] = None
    data["limits"] = {
        lim.key: {"min": lim.min_pct, "max": lim.max_pct}
        for lim in spec.limits
        if "+" not in lim.key and not lim.key.startswith("Others") and lim.key != "Al"
    }
    return data


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cpu", action="store_true", help="in-process times in CPU time")
    parser.add_argument("--in-process-only", action="store_true")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    alloys = load_alloys()
    print(f"load average before: {os.getloadavg()}")
    print(
        "| lots | engine in process (ms) | bare HiGHS in process (ms) | ratio "
        "| `aluhub blend` process (ms) | bare script process (ms) | ratio | same cost |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        data = explicit("6063", n)
        engine.blend(data, alloys)
        bare_solve(data)
        eng_t, bare_t = [], []
        for _ in range(args.repeat):
            t0 = clock()
            result = engine.blend(data, alloys)
            t1 = clock()
            bare = bare_solve(data)
            t2 = clock()
            eng_t.append(t1 - t0)
            bare_t.append(t2 - t1)
        same = abs((result.cost or 0) - bare["cost"]) <= 1e-6 * bare["cost"]
        e, b = statistics.median(eng_t), statistics.median(bare_t)
        if args.in_process_only:
            verdict = "yes" if same else "NO"
            print(f"| {n} | {1000 * e:.1f} | {1000 * b:.1f} | {e / b:.2f} | | | | {verdict} |")
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(data, fh)
        cli_t, script_t = [], []
        try:
            for _ in range(args.repeat):
                cli_t.append(wall([str(BIN / "aluhub"), "blend", fh.name]))
                script_t.append(wall([sys.executable, str(HERE / "bare_blend.py"), fh.name]))
        finally:
            os.unlink(fh.name)
        c, s = statistics.median(cli_t), statistics.median(script_t)
        print(
            f"| {n} | {1000 * e:.1f} | {1000 * b:.1f} | {e / b:.2f} | {1000 * c:.0f} "
            f"| {1000 * s:.0f} | {c / s:.2f} | {'yes' if same else 'NO'} |"
        )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
