"""The API against its own OpenAPI document, with schemathesis, on a live server.

Sets up a throwaway SQLite database with the reference data and the demo content
(``aluhub setup --demo``), issues an API token to the demo staff account, starts gunicorn on
a free port of 127.0.0.1 (debug off, as in production) and runs ``st run`` twice on
``/api/v1/openapi.json``: anonymously and with ``Authorization: Bearer <token>``, both at the
same time (each run's report is printed when both end). Both runs must report no server error
(5xx) and no answer that contradicts the document (status code, content type, body schema).
Examples are bounded (``--max-examples``) and seeded; the whole stage takes about a minute.
The operations that need a signed-in caller (their ``security`` allows no anonymous access)
answer every anonymous request 401 or 403 before reading its input: the anonymous run sends
each of them a few examples (``REFUSED_EXAMPLES``) instead of the full set, which checks that
answer against the document; the token run fuzzes them fully.

    .venv/bin/python scripts/api_fuzz.py [--max-examples 10] [--seed 15] [--keep]

Exit status: 0 when both runs are clean, 1 otherwise (schemathesis' report is printed, and
the server's log when it logged an error). Only loopback traffic; the server is stopped and
the directory removed at the end (``--keep`` leaves it, and says where).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
#: What "0 server errors and 0 schema violations" means, as schemathesis checks.
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
#: Examples per operation, anonymously, for an operation that needs a signed-in caller.
REFUSED_EXAMPLES = 3
#: ``aluhub setup --demo`` and the demo staff account's API token, in one process (one start of
#: Django instead of two); the token is the last line printed.
SETUP_SNIPPET = """
import io
import django
django.setup()
from django.core.management import call_command
from aluhub.accounts.models import User
from aluhub.accounts.services import api_token_create
call_command("setup", "--demo", skip_checks=False, stdout=io.StringIO())
user = User.objects.get(email="staff@demo.aluhub.ca")
print(api_token_create(user=user, name="schemathesis").secret)
"""


def _copy_migrated_template(target: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from tests import sqlite_template

    with sqlite_template.locked() as template:
        if template.exists():
            shutil.copyfile(template, target)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise SystemExit(f"api_fuzz: the server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"api_fuzz: {url} did not answer within 30 s")


def signed_in_only(schema: dict[str, Any]) -> list[str]:
    """The operation ids of the document that every anonymous request gets 401 or 403 from:
    their ``security`` lists no empty requirement (``{}``, "no authentication")."""
    return sorted(
        operation["operationId"]
        for methods in schema["paths"].values()
        for operation in methods.values()
        if operation.get("security") and {} not in operation["security"]
    )


def run_config(workdir: Path, max_examples: int, refused: list[str]) -> Path:
    """scripts/schemathesis.toml with the run's number of examples per operation, and for
    ``refused`` (operations this run's requests cannot get past authentication for) only a
    few examples and no coverage phase: every input gets the same 401/403 answer, so a few
    cases check that answer against the document as well as hundreds. (On the command line,
    ``--max-examples`` would override the per-operation setting.)"""
    config = f"generation.max-examples = {max_examples}\n" + (
        ROOT / "scripts" / "schemathesis.toml"
    ).read_text(encoding="utf-8")
    if refused:
        config += (
            "\n[[operations]]\n"
            f"include-operation-id = {json.dumps(refused)}\n"
            f"generation.max-examples = {REFUSED_EXAMPLES}\n"
            "phases.coverage.enabled = false\n"
        )
    path = workdir / "schemathesis.toml"
    path.write_text(config, encoding="utf-8")
    return path


def schemathesis(
    schema: str, config: Path, args: argparse.Namespace, workdir: Path, *extra: str
) -> subprocess.Popen[bytes]:
    """Start one ``st run`` with ``config`` (made by run_config() in ``workdir``); its
    output goes to ``workdir/report.txt``."""
    command = [
        str(VENV_BIN / "st"),
        "--config-file",
        str(config),
        "run",
        schema,
        "--checks",
        CHECKS,
        "--seed",
        str(args.seed),
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        # One thread per run: Hypothesis parses its strategies' source with ``ast.parse``, and
        # two threads of one process doing so at once can fail inside CPython 3.11 ("AST
        # constructor recursion depth mismatch", seen in the anonymous run under load). The
        # two runs are two processes, so the server still has two clients at a time.
        "--workers",
        "1",
        "--no-color",
        *[a for a in args.st_args if a != "--"],
        *extra,
    ]
    with open(workdir / "report.txt", "wb") as out:
        return subprocess.Popen(command, cwd=workdir, stdout=out, stderr=subprocess.STDOUT)


def finish(run: subprocess.Popen[bytes], title: str, workdir: Path) -> int:
    """Wait for a run started by schemathesis() and print its report."""
    status = run.wait()
    print(f"api_fuzz: {title}", flush=True)
    sys.stdout.write((workdir / "report.txt").read_text(errors="replace"))
    sys.stdout.flush()
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "st_args", nargs=argparse.REMAINDER, help="more options for st run (after --)"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="aluhub-api-fuzz-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aluhub.settings",
        "ALUHUB_ENV_FILE": str(tmp / "none.env"),
        "ALUHUB_DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "ALUHUB_VAR_DIR": str(tmp),
        "ALUHUB_MEDIA_ROOT": str(tmp / "media"),
        "ALUHUB_STATIC_ROOT": str(tmp / "static"),
        "ALUHUB_SECRET_KEY": "api-fuzz-only-secret-key-" + "x" * 40,
        "ALUHUB_DEBUG": "0",
        "ALUHUB_HTTPS": "0",
        "ALUHUB_EMAIL_URL": "console:",
        "ALUHUB_LOG_LEVEL": "WARNING",
    }
    server: subprocess.Popen[bytes] | None = None
    runs: list[tuple[subprocess.Popen[bytes], str, Path]] = []
    log = tmp / "server.log"
    started = time.monotonic()
    try:
        # The test database the SQLite stage migrated, when it matches this checkout
        # (tests/sqlite_template.py): setup then finds every migration applied.
        _copy_migrated_template(tmp / "db.sqlite3")
        token = (
            subprocess.run(
                [str(VENV_BIN / "python"), "-c", SETUP_SNIPPET],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = free_port()
        with open(log, "wb") as out:
            server = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "aluhub.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
                 "--timeout", "60", "--log-level", "warning",
                 # The application's own caps are under test, not gunicorn's URL limit
                 # (4094 bytes; README: the proxy in front sets its own).
                 "--limit-request-line", "0"],
                env={**env, "ALUHUB_SERVING": "1"},
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", server)
        schema = base + "/api/v1/openapi.json"
        print(f"api_fuzz: database and server ready in {time.monotonic() - started:.0f} s")
        # The two runs at the same time: each is one client process (one thread), and the
        # server has two workers.
        # Each run in its own directory: schemathesis writes its cache and reports there.
        with urllib.request.urlopen(schema, timeout=30) as response:  # noqa: S310 - loopback
            refused = signed_in_only(json.load(response))
        for workdir in (tmp / "anonymous", tmp / "token"):
            workdir.mkdir()
        anonymous_config = run_config(tmp / "anonymous", args.max_examples, refused)
        print(
            f"api_fuzz: anonymous run: {len(refused)} operations need a signed-in caller"
            f" ({REFUSED_EXAMPLES} examples each, no coverage phase)",
            flush=True,
        )
        runs.append(
            (
                schemathesis(schema, anonymous_config, args, tmp / "anonymous"),
                "anonymous",
                tmp / "anonymous",
            )
        )
        bearer = f"Authorization: Bearer {token}"
        token_config = run_config(tmp / "token", args.max_examples, [])
        runs.append(
            (
                schemathesis(schema, token_config, args, tmp / "token", "--header", bearer),
                "with a token (demo staff account)",
                tmp / "token",
            )
        )
        anonymous, signed_in = (finish(*run) for run in runs)
        print(f"api_fuzz: both runs done at {time.monotonic() - started:.0f} s", flush=True)
        server_log = log.read_text(errors="replace")
        if "Traceback" in server_log or "Internal Server Error" in server_log:
            print("api_fuzz: the server logged errors:\n" + server_log[-20_000:], flush=True)
            return 1
        if anonymous or signed_in:
            print(f"api_fuzz: FAILED (anonymous exit {anonymous}, token exit {signed_in})")
            return 1
        print("api_fuzz: 0 server errors, 0 schema violations (anonymous and with a token)")
        return 0
    finally:
        for run, _title, _workdir in runs:
            if run.poll() is None:
                run.terminate()
                run.wait(timeout=30)
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if args.keep:
            print(f"api_fuzz: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
