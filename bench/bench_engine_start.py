"""Start of the engine commands: ``aluhub CMD FILE`` without Django against the same command
through Django's management command, and ``funding_match`` / ``funding_plan`` on the database.

Inputs: one valid input per command (``tests/common/engine_inputs.py``, the contract tests'
own), the maturity answers with every question answered and no program asked for (the
command then runs without Django), and for ``mass_balance`` a synthetic 1,000-event ledger
(``bench_ledger.make_ledger``). "Through Django" is the same command line plus
``--traceback``, an option only Django's parser knows, so the console hands it to the
management command (settings, app loading). ``funding_match`` and ``funding_plan`` run
without Django with ``--catalogue aluhub/data/funding_programs.csv`` and through Django on a
throwaway SQLite database holding the reference data (``migrate`` + ``load_reference_data``,
made before timing): the issue's "start under 1 s with the database". A bare
``python -c pass`` gives the interpreter's own start. Whole processes, wall time, median of
--repeat runs taken alternately.

    .venv/bin/python bench/bench_engine_start.py [--repeat 7]
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

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


#: The commands that never read the database.
ENGINE_ONLY = ["blend", "form_teams", "check_design", "mass_balance", "maturity_score"]


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)  # noqa: S603
    return time.perf_counter() - t0


def input_files(folder: Path) -> dict[str, Path]:
    """One valid input file per engine command."""
    from bench_ledger import make_ledger

    from tests.common.engine_inputs import VALID

    inputs = {**VALID, "mass_balance": make_ledger(1000, "credit")}
    paths = {}
    for command, document in inputs.items():
        paths[command] = folder / f"{command}.json"
        paths[command].write_text(json.dumps(document), encoding="utf-8")
    paths["maturity_score"] = answers_file(folder)  # no program asked: no database
    return paths


def answers_file(folder: Path) -> Path:
    """The questionnaire's template with every question answered and its organization
    block left blank: no funding program is asked for, so the command needs no database."""
    out = subprocess.run(  # noqa: S603 - our own command
        [str(BIN / "aluhub"), "maturity_score", "--template"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    template = json.loads(out)
    for question in template["questions"]:
        question["answer"] = 3
    path = folder / "answers.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    return path


def reference_database(folder: Path) -> dict[str, str]:
    """The environment of a throwaway SQLite database with the reference data loaded."""
    env = {**os.environ, "ALUHUB_DATABASE_URL": f"sqlite:///{folder / 'start.sqlite3'}"}
    for step in (["migrate", "-v", "0"], ["load_reference_data"]):
        subprocess.run(  # noqa: S603 - our own command
            [str(BIN / "aluhub"), *step], check=True, env=env, cwd=ROOT, capture_output=True
        )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    aluhub = str(BIN / "aluhub")
    catalogue = ["--catalogue", "aluhub/data/funding_programs.csv"]
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        files = {name: str(path) for name, path in input_files(Path(tmp)).items()}
        env = reference_database(Path(tmp))
        runs: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"]}
        for command in ENGINE_ONLY:
            runs[f"{command} FILE"] = [aluhub, command, files[command]]
            runs[f"{command} FILE, through Django"] = [
                aluhub,
                command,
                files[command],
                "--traceback",
            ]
        for command in ("funding_match", "funding_plan"):
            runs[f"{command} FILE --catalogue CSV"] = [aluhub, command, files[command], *catalogue]
            runs[f"{command} FILE, database"] = [aluhub, command, files[command]]
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, cmd in runs.items():
                times[name].append(wall(cmd, env))
    print("| command | median (ms) |")
    print("|---|---:|")
    for name, values in times.items():
        print(f"| `{name}` | {1000 * statistics.median(values):,.0f} |")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
