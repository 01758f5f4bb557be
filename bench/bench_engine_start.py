"""Start of the engine commands: ``aluhub CMD FILE`` without Django against the same command
through Django's management command.

For ``maturity_score`` the answer file is the shipped questionnaire's template with every
question answered (no organization block, so no funding program is asked for: the command
runs without Django). "Through Django" is the same command line plus ``--traceback``, an
option only Django's parser knows, so the console hands it to the management command
(settings, app loading). A bare ``python -c pass`` gives the interpreter's own start. Whole
processes, wall time, median of --repeat runs taken alternately.

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


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)  # noqa: S603
    return time.perf_counter() - t0


def answers_file(folder: Path) -> Path:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    aluhub = str(BIN / "aluhub")
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(answers_file(Path(tmp)))
        runs = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "maturity_score FILE": [aluhub, "maturity_score", path],
            "maturity_score FILE, through Django": [aluhub, "maturity_score", path, "--traceback"],
            "maturity_score --template": [aluhub, "maturity_score", "--template"],
            "maturity_score --template, through Django": [
                aluhub, "maturity_score", "--template", "--traceback",
            ],
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, cmd in runs.items():
                times[name].append(wall(cmd))
    print("| command | median (ms) |")
    print("|---|---:|")
    for name, values in times.items():
        print(f"| `{name}` | {1000 * statistics.median(values):,.0f} |")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
