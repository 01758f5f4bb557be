"""The yardstick for the optimizer: the same melt-charge LP written directly with NumPy and
solved by SciPy's HiGHS, with nothing else (no validation, no report, no Django).

Input: a charge problem whose limits are all explicit element keys (``"Fe": {"max": 0.35}``,
no alloy registry, no ``Others`` rows), as written by bench_blend_bare.py. Output: the cost and
the charge in kg as JSON. ``solve(data)`` is the in-process form.

    python bench/bare_blend.py PROBLEM.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
from scipy.optimize import linprog


def solve(data: dict[str, Any]) -> dict[str, Any]:
    mats = data["materials"]
    mass = float(data["target"]["mass_kg"])
    keys = list(data["limits"])
    price = np.array([m["price_per_kg"] for m in mats], float)
    yld = np.array([m.get("yield") or 1.0 for m in mats], float)
    avail = np.array([np.inf if m["available_kg"] is None else m["available_kg"] for m in mats])
    comp = np.array([[m["composition"].get(k, 0.0) for k in keys] for m in mats], float)
    rows, rhs = [], []
    for j, key in enumerate(keys):
        lim = data["limits"][key]
        if lim.get("max") is not None:
            rows.append(comp[:, j])
            rhs.append(lim["max"])
        if lim.get("min"):
            rows.append(-comp[:, j])
            rhs.append(-lim["min"])
    # Variables: melt fractions w_i = y_i x_i / M (sum 1); cost per unit of w is price / yield.
    res = linprog(
        price / yld,
        A_ub=np.array(rows),
        b_ub=np.array(rhs),
        A_eq=np.ones((1, len(mats))),
        b_eq=[1.0],
        bounds=np.column_stack([np.zeros(len(mats)), yld * avail / mass]),
        method="highs-ds",
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
    )
    if res.status != 0:
        return {"status": "infeasible"}
    kg = res.x * mass / yld
    return {
        "status": "optimal",
        "cost": float(price @ kg),
        "charge": [{"id": m["id"], "kg": float(x)} for m, x in zip(mats, kg, strict=True) if x > 0],
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        print(json.dumps(solve(json.load(fh))))
