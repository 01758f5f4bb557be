"""Benchmark of a lot's upstream genealogy (``aluhub.trace.selectors.genealogy``).

Builds a chain of lots 20 transformations deep (each melt takes the previous output and one
fresh receipt, so the tree has 20 levels and 41 lots) through the real services, then times
``genealogy(lot, member)`` for the last lot: the tree the lot page draws. Runs on a throwaway
database: a temporary SQLite file, or PostgreSQL when ALUHUB_DATABASE_URL points to one::

    .venv/bin/python bench/bench_genealogy.py [--depth 20] [--repeat 20]
    scripts/with-postgres.sh .venv/bin/python bench/bench_genealogy.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _setup_django() -> str:
    url = os.environ.get("ALUHUB_DATABASE_URL", "")
    engine = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    if engine == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="aluhub-bench-"))
        os.environ["ALUHUB_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aluhub.settings")
    os.environ.setdefault("ALUHUB_SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--depth", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    engine = _setup_django()

    from aluhub.accounts.models import Establishment, Membership, Organization, User
    from aluhub.trace import services
    from aluhub.trace.models import LedgerSettings
    from aluhub.trace.selectors import genealogy

    org = Organization.objects.create(name="Bench org", slug="bench-org")
    user = User.objects.create_user(email="bench@example.org", password=None, role="member")
    Membership.objects.create(user=user, organization=org)
    site = Establishment.objects.create(organization=org, name="Bench", city="Alma", region="02")
    LedgerSettings.objects.create(site=site, period_start=dt.date(2026, 1, 1))
    day = dt.date(2026, 2, 1)

    def receive(code: str) -> object:
        event = services.receipt_record(
            user=user, site=site, occurred_on=day, lot_data={"code": code, "material": "scrap"},
            kg=Decimal(1000), certified=True,
        )  # fmt: skip
        return event.lot

    current = receive("R0")
    for level in range(1, args.depth + 1):
        fresh = receive(f"R{level}")
        event = services.transform_record(
            user=user,
            site=site,
            occurred_on=day,
            inputs=[(current, Decimal(1000)), (fresh, Decimal(1000))],  # type: ignore[list-item]
            outputs=[services.OutputSpec(code=f"M{level}", material="billet", kg=Decimal(1000))],
        )
        current = event.lines.get(role="out").lot

    def depth(node: object) -> int:
        children = getattr(node, "children", [])
        return 1 + max((depth(c) for c in children), default=0)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        genealogy(current, user)  # type: ignore[arg-type]
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        tree = genealogy(current, user)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"database {engine}, load {os.getloadavg()[0]:.1f}, depth {depth(tree)} levels, "
        f"{len(queries.captured_queries)} queries"
    )
    print(
        f"genealogy of a lot {args.depth} transformations deep: median "
        f"{statistics.median(times):.1f} ms, max {times[-1]:.1f} ms over {args.repeat} runs"
    )


if __name__ == "__main__":
    main()
