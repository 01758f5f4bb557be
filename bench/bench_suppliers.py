"""Benchmark of "Find suppliers" at scale (issue 18: 20,000 organizations, p95 < 50 ms).

A throwaway database (a temporary SQLite file, or, when ALUHUB_DATABASE_URL points to
PostgreSQL, a ``test_<name>`` database created and dropped on that server; the set-up of
``bench_lists.py``) holds ``--organizations`` organizations (default 20,000), each with a
listed directory profile built by ``bench_lists.build_directory`` (processes, alloys,
certifications, regions; a fifth hide their processes), to which this script adds a yearly
capacity (none for one in twelve) whose visibility is the field's default (members), public
or hidden; the profiles' stored columns and search tokens are then built again by the
directory's own indexer. One organization is a cluster member, with one member account.

Measured, per request, what ``directory.views.find_suppliers`` reads without HTML:
``suppliers.supplier_search`` for the need, then the page of 50 matches through Django's
``Paginator`` (the count, the page's rows ranked in SQL, the engine's scores and reasons for
those 50), for an anonymous visitor and for the cluster member's account (who also sees the
members-only fields, and every field of their own organization), p50 and p95 over the needs
below, each repeated ``--repeat`` times; the CPU time of this process (and, on PostgreSQL,
of its server process) beside the wall time.

    .venv/bin/python bench/bench_suppliers.py [--organizations 20000] [--repeat 5]
    scripts/with-postgres.sh .venv/bin/python bench/bench_suppliers.py
    .venv/bin/python bench/bench_suppliers.py --reuse /tmp/aluhub-bench-lists-…/bench.sqlite3
"""

from __future__ import annotations

import argparse
import os
import random
from contextlib import nullcontext
from functools import cache
from typing import Any

from bench_lists import _setup_django, _timed, build_directory, measure
from bench_trace_lots import _analyze, _fresh_database, report

MEMBER = "suppliers@bench.example.org"
CAPACITIES = [None, 20, 50, 100, 250, 500, 1000, 5000, 10000, 25000, 40, 150]

#: Needs of the form (``page``: the page asked, 1 by default; ``viewer``: "member" for the
#: cluster member's account, else an anonymous visitor).
NEEDS: list[dict[str, Any]] = [
    {"process": "extrusion"},
    {"process": "machining", "region": "02"},
    {"alloy": "6063"},
    {"alloy": "6063", "certification": "iso_9001", "quantity_tonnes": 100.0},
    {
        "process": "extrusion",
        "alloy": "6061",
        "certification": "iso_9001",
        "region": "02",
        "quantity_tonnes": 250.0,
    },
    {"region": "02"},
    {"quantity_tonnes": 500.0},
    {"certification": "as9100", "region": "04"},
    {"process": "extrusion", "page": 3},
    {"region": "02", "page": 100},
    {"process": "extrusion", "viewer": "member"},
    {"alloy": "6063", "quantity_tonnes": 100.0, "viewer": "member"},
    {"region": "02", "quantity_tonnes": 500.0, "viewer": "member"},
]


def add_capacities(rng: random.Random) -> None:
    """A yearly capacity on the profiles (saved with their stored columns and tokens, as
    the profile service saves them) and one cluster member's account."""
    from aluhub.accounts.models import Membership, Organization, User
    from aluhub.directory import services
    from aluhub.directory.models import DirectoryProfile

    profiles = list(DirectoryProfile.objects.select_related("organization").order_by("pk"))
    for start in range(0, len(profiles), 2000):
        batch = profiles[start : start + 2000]
        for profile in batch:
            profile.capacity_tonnes = rng.choice(CAPACITIES)
            shown = rng.choice(["", "", "public", "hidden"])
            if shown:
                profile.visibility = {**profile.visibility, "capacity_tonnes": shown}
            services.fill_index(profile)
        DirectoryProfile.objects.bulk_update(
            batch,
            [
                "capacity_tonnes",
                "visibility",
                "search_public",
                "search_members",
                "facets_public",
                "facets_members",
                "facets_all",
                "completeness",
            ],
        )
        services.index_tokens(batch)
    first = profiles[0].organization
    Organization.objects.filter(pk=first.pk).update(is_cluster_member=True)
    user = User.objects.create_user(email=MEMBER, password=None)
    Membership.objects.create(user=user, organization=first)


@cache
def _viewer(name: str) -> Any:
    from django.contrib.auth.models import AnonymousUser

    from aluhub.accounts.models import User

    return User.objects.get(email=MEMBER) if name == "member" else AnonymousUser()


def _suppliers_page(spec: dict[str, Any]) -> int:
    from django.core.paginator import Paginator

    from aluhub.directory import suppliers
    from aluhub.directory.views import SUPPLIERS_PER_PAGE
    from aluhub.engines.suppliers import Need

    asked = {k: v for k, v in spec.items() if k not in {"page", "viewer"}}
    results = suppliers.supplier_search(_viewer(spec.get("viewer", "")), Need(**asked), lang="fr")
    page = Paginator(results, SUPPLIERS_PER_PAGE).get_page(spec.get("page", 1))
    shown = list(page)  # the engine's matches of the page (scores and reasons)
    return page.paginator.count if shown or page.paginator.count == 0 else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--reuse",
        default="",
        help="measure the SQLite file of an earlier run, or a filled PostgreSQL database URL",
    )
    args = parser.parse_args()
    _setup_django(args.reuse)
    from django.db import connection

    from aluhub.directory.models import DirectoryProfile

    print(f"load average before: {os.getloadavg()}")
    with nullcontext() if args.reuse else _fresh_database():
        if not args.reuse:
            rng = random.Random(20261204)
            seconds, _ids = _timed(lambda: build_directory(args.organizations, rng))
            more, _none = _timed(lambda: add_capacities(rng))
            _analyze()
            print(f"built in {(seconds + more) / 1000:.0f} s")
        print(f"database: {connection.vendor}, {DirectoryProfile.objects.count()} profiles")
        result = measure(NEEDS, args.repeat, _suppliers_page)
    report(result, args.repeat)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
