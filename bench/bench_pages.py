"""Requests per second of AluHub's main pages relative to ``/healthz`` under gunicorn.

Sets up a throwaway SQLite database with the real reference data (``aluhub setup``, demo
included), collects static files, starts gunicorn with 2 sync workers on 127.0.0.1 and measures
each path with ``wrk`` (Debian package ``wrk``) for ``--duration`` seconds, rounds interleaved
(healthz, then each page, ``--rounds`` times) so that the machine's load hits every path alike.
Prints the median requests per second of each path and its ratio to ``/healthz``, with the load
average, as a Markdown table for docs/benchmarks/pages.md.

    .venv/bin/python bench/bench_pages.py [--duration 5] [--rounds 3] [--connections 4]

Only loopback traffic; the server is stopped and the directory removed at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PATHS = {
    "healthz": "/healthz",
    "finder": "/fr/financement/",
    "program page": "{program}",
    "home": "/fr/",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, duration: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if not match:
        raise SystemExit(f"wrk gave no figure for {url}:\n{out}")
    if non2xx:
        raise SystemExit(f"{url} answered {non2xx.group(1)} errors:\n{out}")
    return float(match.group(1))


def first_program_url(env: dict[str, str]) -> str:
    """The French page of the first program by slug (resolved by Django, not hard-coded)."""
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "from django.utils import translation; from aluhub.funding.models import Program; "
        "slug = Program.objects.order_by('slug').values_list('slug', flat=True)[0]; "
        "translation.activate('fr'); "
        "print(reverse('funding:program_detail', args=[slug]))"
    )
    return subprocess.run(
        [str(VENV_BIN / "python"), "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench_pages: install wrk first (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="aluhub-bench-pages-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aluhub.settings",
        "ALUHUB_ENV_FILE": str(tmp / "none.env"),
        "ALUHUB_DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "ALUHUB_MEDIA_ROOT": str(tmp / "media"),
        "ALUHUB_STATIC_ROOT": str(tmp / "static"),
        "ALUHUB_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALUHUB_DEBUG": "0",
        "ALUHUB_HTTPS": "0",
        "ALUHUB_LOG_LEVEL": "WARNING",
    }
    aluhub = str(VENV_BIN / "aluhub")
    server: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run([aluhub, "setup"], env=env, check=True, capture_output=True)
        subprocess.run(
            [aluhub, "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True
        )
        program = first_program_url(env)
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "aluhub.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
             "--log-level", "warning"],
            env={**env, "ALUHUB_SERVING": "1"},
            cwd=ROOT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.2)
        urls = {name: base + path.format(program=program) for name, path in PATHS.items()}
        for url in urls.values():  # warm every worker's caches and imports
            wrk(url, 1, args.connections)
        rates: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(args.rounds):
            for name, url in urls.items():
                rates[name].append(wrk(url, args.duration, args.connections))
        health = statistics.median(rates["healthz"])
        print(f"load average: {os.getloadavg()}; {args.rounds} rounds of {args.duration} s, "
              f"{args.connections} connections, gunicorn 2 workers")  # fmt: skip
        print("| path | requests/s (median) | ratio to /healthz |")
        print("|---|---:|---:|")
        for name, values in rates.items():
            rps = statistics.median(values)
            path = urls[name].removeprefix(base)
            print(f"| {name} (`{path}`) | {rps:,.0f} | {rps / health:.2f} |")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
