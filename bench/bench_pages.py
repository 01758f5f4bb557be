"""Requests per second of AluHub's main pages relative to ``/healthz`` under gunicorn.

Sets up a throwaway SQLite database with the real reference data (``aluhub setup``, demo
included), collects static files, starts gunicorn with 2 sync workers on 127.0.0.1 and measures
each path with ``wrk`` (Debian package ``wrk``) for ``--duration`` seconds, rounds interleaved
(healthz, then each page, ``--rounds`` times) so that the machine's load hits every path alike.
Prints the median requests per second of each path and its ratio to ``/healthz``, with the load
average, as a Markdown table for docs/benchmarks/pages.md.

    .venv/bin/python bench/bench_pages.py [--duration 5] [--rounds 3] [--connections 4]

Only loopback traffic; the server is stopped and the directory removed at the end.

``--cpu`` measures the same database in process instead (no server, no ``wrk``): a loop of
WSGI calls to Django's handler, as gunicorn makes them, ``--requests`` per path and round, rounds
interleaved. Per path: the median CPU time of the process per request (``time.process_time``,
which leaves out the time spent waiting for a core on a loaded machine), the median wall time,
the number of queries and the ratio of ``/healthz``'s CPU time to the page's (the in-process
counterpart of the requests/s ratio). Paths: the four above, ``/en/``, a member directory page
and the job board, for an anonymous visitor (the cached fragments warm, as under ``wrk``).

    .venv/bin/python bench/bench_pages.py --cpu [--requests 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
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


def cpu_worker(requests: int, rounds: int) -> None:
    """Runs inside the benchmark's environment (``--cpu-worker``): prints the table."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from aluhub.funding.models import Program

    handler = WSGIHandler()
    slug = Program.objects.order_by("slug").values_list("slug", flat=True)[0]
    with translation.override("fr"):
        paths = {
            "healthz": "/healthz",
            "home": reverse("home"),
            "home (English)": "/en/",
            "finder": reverse("funding:finder"),
            "program page": reverse("funding:program_detail", args=[slug]),
            "directory": reverse("directory:index"),
            "job board": reverse("workforce:jobs"),
        }

    def call(path: str) -> None:
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        }  # fmt: skip
        status: list[str] = []
        body = handler(environ, lambda s, h, exc=None: status.append(s))
        b"".join(body)
        body.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{path} answered {status[0]}")

    queries: dict[str, int] = {}
    for name, path in paths.items():  # warm imports, templates and fragment caches
        for _ in range(20):
            call(path)
        with CaptureQueriesContext(connection) as captured:
            call(path)
        queries[name] = len(captured)
    cpu: dict[str, list[float]] = {name: [] for name in paths}
    wall: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, path in paths.items():
            for _ in range(requests):
                cpu_start, wall_start = time.process_time(), time.perf_counter()
                call(path)
                cpu[name].append((time.process_time() - cpu_start) * 1000)
                wall[name].append((time.perf_counter() - wall_start) * 1000)
    health = statistics.median(cpu["healthz"])
    print(f"load average: {os.getloadavg()}; {rounds} rounds of {requests} requests per path, "
          "in process (WSGI handler), anonymous visitor")  # fmt: skip
    print(
        "| path | CPU ms/request (median) | wall ms (median) | queries | healthz CPU / page CPU |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, path in paths.items():
        ms = statistics.median(cpu[name])
        print(f"| {name} (`{path}`) | {ms:.2f} | {statistics.median(wall[name]):.2f} | "
              f"{queries[name]} | {health / ms:.2f} |")  # fmt: skip


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
    parser.add_argument("--cpu", action="store_true", help="in process: CPU time per request")
    parser.add_argument("--requests", type=int, default=200, help="with --cpu: per path and round")
    parser.add_argument("--cpu-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cpu_worker:
        cpu_worker(args.requests, args.rounds)
        return
    if not args.cpu and not shutil.which("wrk"):
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
        if args.cpu:
            subprocess.run(
                [sys.executable, __file__, "--cpu-worker", "--requests", str(args.requests),
                 "--rounds", str(args.rounds)],
                env={**env, "ALUHUB_SERVING": "1"},
                cwd=ROOT,
                check=True,
            )  # fmt: skip
            return
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
