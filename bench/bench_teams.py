"""Benchmark of the team formation engine (``aluhub.engines.teams.form_teams``).

Seeded synthetic pools of 60, 120 and 200 applicants (8 universities, 50 % engineering,
30 % architecture, 20 % design, scores 5.0-10.0 with one decimal, cycles 1-3), team size 5,
minimums engineering 2 / architecture 1 / design 1, at most 2 per university; each pool with
``max_teams`` 8 (the 2025 edition) and without a limit. Prints the median wall time of
``--repeat`` runs and the objective.

``--verify`` also solves each case with an independent, explicit
student-by-team model in PuLP/CBC (two phases: number of teams, then score) and prints both
objectives.

    .venv/bin/python bench/bench_teams.py [--repeat 3] [--verify]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from aluhub.engines.teams import form_teams, parse_pool

UNIS = ["ETS", "Laval", "McGill", "Poly", "UQAC", "UdeM", "Concordia", "Sherbrooke"]
DISCIPLINES = ["engineering"] * 5 + ["architecture"] * 3 + ["design"] * 2
MINS = {"engineering": 2, "architecture": 1, "design": 1}


def make_pool(n: int, max_teams: int | None, seed: int = 2025) -> dict[str, Any]:
    rng = random.Random(seed + n)
    applicants = [
        {
            "id": f"app-{i:03d}",
            "university": rng.choice(UNIS),
            "discipline": rng.choice(DISCIPLINES),
            "cycle": rng.choice([1, 2, 3]),
            "score": round(rng.uniform(5, 10), 1),
        }
        for i in range(n)
    ]
    return {
        "team_size": 5,
        "max_teams": max_teams,
        "constraints": {"min_per_discipline": MINS, "max_per_university": 2},
        "applicants": applicants,
    }


def explicit_pulp(data: dict[str, Any]) -> tuple[int, float]:
    """Independent check: one binary per (student, team), solved by CBC in two phases."""
    import pulp

    apps = data["applicants"]
    size = data["team_size"]
    cap = data["constraints"]["max_per_university"]
    n_max = len(apps) // size
    if data["max_teams"] is not None:
        n_max = min(n_max, data["max_teams"])
    teams = range(n_max)

    def build() -> tuple[Any, Any, Any]:
        prob = pulp.LpProblem("teams", pulp.LpMaximize)
        x = pulp.LpVariable.dicts("x", (range(len(apps)), teams), cat="Binary")
        y = pulp.LpVariable.dicts("y", teams, cat="Binary")
        for i in range(len(apps)):
            prob += pulp.lpSum(x[i][t] for t in teams) <= 1
        for t in teams:
            prob += pulp.lpSum(x[i][t] for i in range(len(apps))) == size * y[t]
            for disc, minimum in MINS.items():
                members = [i for i, a in enumerate(apps) if a["discipline"] == disc]
                prob += pulp.lpSum(x[i][t] for i in members) >= minimum * y[t]
            for uni in UNIS:
                members = [i for i, a in enumerate(apps) if a["university"] == uni]
                prob += pulp.lpSum(x[i][t] for i in members) <= cap
            if t > 0:
                prob += y[t] <= y[t - 1]  # symmetry breaking
        return prob, x, y

    prob, x, y = build()
    prob += pulp.lpSum(y[t] for t in teams)
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    count = round(pulp.value(prob.objective))
    prob, x, y = build()
    prob += pulp.lpSum(y[t] for t in teams) == count
    prob += pulp.lpSum(a["score"] * x[i][t] for i, a in enumerate(apps) for t in teams)
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    return count, round(pulp.value(prob.objective), 6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    print("| applicants | max_teams | teams | total score | median time (s) |")
    print("|---:|---:|---:|---:|---:|")
    for n in (60, 120, 200):
        for max_teams in (8, None):
            data = make_pool(n, max_teams)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = form_teams(parse_pool(data), lang="en").to_dict()
                times.append(time.perf_counter() - start)
            obj = result["objective"]
            print(
                f"| {n} | {max_teams if max_teams is not None else 'none'} | {obj['teams']} "
                f"| {obj['total_score']:g} | {statistics.median(times):.2f} |"
            )
            if args.verify:
                start = time.perf_counter()
                teams, score = explicit_pulp(data)
                print(
                    f"|   PuLP/CBC explicit model | | {teams} | {score:g} "
                    f"| {time.perf_counter() - start:.2f} |"
                )


if __name__ == "__main__":
    main()
