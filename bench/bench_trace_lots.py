"""Benchmark of the traceability lot list at scale (issue 18: 50,000 lots, p95 < 50 ms).

A throwaway database (a temporary SQLite file, or, when ALUHUB_DATABASE_URL points to
PostgreSQL, a ``test_<name>`` database created and dropped on that server; the same set-up
as ``bench_lists.py``) is filled with synthetic lots: one member organization with
``--lots`` lots (default 50,000) over three sites and two years, and ``--other-lots`` lots
(default 50,000) of 20 other organizations, so the lot table and the search token index hold
more than what the member may see. Materials, alloys and tempers are drawn from fixed lists;
each lot's tokens are those the receipt and transform services store
(``trace.selectors.lot_document`` through ``search.index_documents``, in bulk).

Measured, per request, what ``trace.views.lot_list`` reads without HTML:
``selectors.lots_for_user`` with the filters of the query, the page's count (up to
``views.LOT_COUNT_CAP``: "hits" 1001 means "more than 1,000") and the rows of the page (25
lots with their site; page 40 is the last page the list shows past the cap, ``offset``
is the API's window at that depth), p50 and p95 over the queries below, each repeated
``--repeat`` times; the CPU time of this process beside the wall time (on SQLite the
database works in this process, so the CPU time is the request's own cost whatever the
machine's load). ``--explain`` prints each statement's plan after measuring.

    .venv/bin/python bench/bench_trace_lots.py [--lots 50000] [--other-lots 50000] [--repeat 5]
    scripts/with-postgres.sh .venv/bin/python bench/bench_trace_lots.py
    .venv/bin/python bench/bench_trace_lots.py --reuse /tmp/aluhub-bench-lists-…/bench.sqlite3
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from functools import cache
from typing import Any

from bench_lists import _CPU, _SERVER, _setup_django, _timed, measure

ALLOYS = ["6061", "6063", "6082", "5052", "5083", "3003", "1100", "A356.0", "7075", "2024"]
TEMPERS = ["", "T5", "T6", "O", "H14", "H32"]
MEMBER = "bench-member"
FIRST_DAY = dt.date(2025, 1, 1)

#: Filters of the lot list's form (``site`` is filled with the member's first site).
QUERIES: list[dict[str, Any]] = [
    {},
    {"q": "6063"},
    {"q": "lingot"},
    {"q": "ingot"},
    {"q": "billette 6061"},
    {"q": "LOT-000123"},
    {"q": "introuvable"},
    {"material": "scrap"},
    {"site": True},
    {"start": dt.date(2025, 6, 1), "end": dt.date(2025, 6, 30)},
    {"q": "6063", "material": "billet", "site": True},
    {"page": 40},
    {"offset": 4975},
]


def build(lots: int, other_lots: int, rng: random.Random) -> int:
    from aluhub.accounts.models import Establishment, Membership, Organization, User
    from aluhub.common import search
    from aluhub.trace import selectors
    from aluhub.trace.models import Lot, Material

    def organization(slug: str, count: int) -> None:
        org = Organization.objects.create(name=f"Org {slug}", slug=slug, region="02")
        sites = [
            Establishment.objects.create(organization=org, name=f"Usine {i}", region="02")
            for i in range(3)
        ]
        batch: list[Lot] = []
        for i in range(count):
            batch.append(
                Lot(
                    organization=org,
                    site=rng.choice(sites),
                    code=f"LOT-{i:06d}",
                    material=rng.choice(Material.values),
                    alloy=rng.choice(ALLOYS),
                    temper=rng.choice(TEMPERS),
                    kg=Decimal(rng.randint(100, 25_000)),
                    made_on=FIRST_DAY + dt.timedelta(days=rng.randint(0, 729)),
                )
            )
            if len(batch) == 2000 or i == count - 1:
                Lot.objects.bulk_create(batch)
                search.index_documents(
                    selectors.LOT_TOKENS,
                    [(lot.pk, selectors.lot_document(lot)) for lot in batch],
                    fresh=True,
                )
                batch = []

    user = User.objects.create_user(email="lots@bench.example.org", password=None)
    organization(MEMBER, lots)
    Membership.objects.create(user=user, organization=Organization.objects.get(slug=MEMBER))
    for k in range(20):
        organization(f"bench-other-{k}", other_lots // 20)
    return Lot.objects.count()


@cache
def _member() -> Any:
    from aluhub.accounts.models import User

    return User.objects.get(email="lots@bench.example.org")


def _lot_page(spec: dict[str, Any]) -> int:
    from aluhub.common.pagination import CappedPaginator
    from aluhub.trace import selectors
    from aluhub.trace.views import LOT_COUNT_CAP, LOTS_PER_PAGE

    user = _member()  # the signed-in member (the view has it from the session)
    site_id = None
    if spec.get("site"):
        site_id = selectors.sites_for_user(user).order_by("pk").values_list("pk", flat=True)[0]
    lots = selectors.lots_for_user(
        user,
        q=spec.get("q", ""),
        material=spec.get("material", ""),
        site_id=site_id,
        start=spec.get("start"),
        end=spec.get("end"),
    )
    paginator = CappedPaginator(lots, LOTS_PER_PAGE, cap=LOT_COUNT_CAP, rows=selectors.lot_rows())
    if "offset" in spec:  # the API's window (?offset=&limit=25): any depth, same count
        offset = spec["offset"]
        shown = [(lot.code, lot.site.name) for lot in lots[offset : offset + LOTS_PER_PAGE]]
    else:
        page = paginator.get_page(spec.get("page", 1))
        shown = [(lot.code, lot.site.name) for lot in page]  # the page shows each lot's site
    counted = paginator.count + (1 if paginator.capped else 0)  # cap + 1: "more than"
    return counted if shown or paginator.count == 0 else -1


@contextmanager
def _fresh_database() -> Iterator[None]:
    """A migrated empty database for the run (PostgreSQL: ``test_<name>``, dropped after)."""
    from django.core.management import call_command
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if not postgres:
        call_command("migrate", verbosity=0)
        yield
        return
    name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(name, verbosity=0, keepdb=False)


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def explain(queries: list[dict[str, Any]]) -> None:
    """Each SQL statement a query runs, with its plan (PostgreSQL: ``EXPLAIN ANALYZE``;
    SQLite: ``EXPLAIN QUERY PLAN``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    for spec in queries:
        with CaptureQueriesContext(connection) as captured:
            _lot_page(spec)
        for query in captured.captured_queries:
            sql = query["sql"]
            print(f"\n--- {spec} ({query['time']} s)\n{sql}")
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                for row in cursor.fetchall():
                    print("   ", " | ".join(str(col) for col in row))


def report(result: dict[str, Any], repeat: int) -> None:
    """The per-query table (Markdown) and the p50 / p95 lines; on PostgreSQL with the
    server process's CPU time (``bench_lists.measure``) added to this process's."""
    both = [c + s for c, s in zip(_CPU, _SERVER, strict=True)] if _SERVER else list(_CPU)
    print(
        "| query | hits | median wall (ms) | median CPU, this process (ms) "
        "| median CPU, with the database server's (ms) | first run (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for i, (spec, hits, ms, first, cpu) in enumerate(result["per_query"]):
        mine = statistics.median(both[i * repeat : (i + 1) * repeat])
        print(f"| {spec} | {hits} | {ms:.1f} | {cpu:.1f} | {mine:.1f} | {first:.1f} |")
    server = (
        f"with the PostgreSQL server's p50 {result['both_p50']:.1f} ms, "
        f"p95 {result['both_p95']:.1f} ms"
        if result["both_p50"] is not None
        else "SQLite: the database works in this process"
    )
    print(
        f"wall p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms (target p95 < 50); "
        f"CPU of this process p50 {result['cpu_p50']:.1f} ms, p95 {result['cpu_p95']:.1f} ms; "
        + server
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=50_000)
    parser.add_argument("--other-lots", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--reuse",
        default="",
        help="measure the SQLite file of an earlier run, or a filled PostgreSQL database URL",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print each statement's plan after measuring"
    )
    args = parser.parse_args()
    _setup_django(args.reuse)
    from django.db import connection

    from aluhub.trace.models import Lot

    print(f"load average before: {os.getloadavg()}")
    with nullcontext() if args.reuse else _fresh_database():
        if not args.reuse:
            seconds, _count = _timed(
                lambda: build(args.lots, args.other_lots, random.Random(20261204))
            )
            _analyze()
            print(f"built in {seconds / 1000:.0f} s")
        print(f"database: {connection.vendor}, {Lot.objects.count()} lots")
        result = measure(QUERIES, args.repeat, _lot_page)
        if args.explain:
            explain(QUERIES)
    report(result, args.repeat)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
