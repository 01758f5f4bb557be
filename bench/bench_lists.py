"""Benchmark of the member directory and the job board at scale, on a database.

A throwaway database (a temporary SQLite file, or, when ALUHUB_DATABASE_URL points to
PostgreSQL, a ``test_<name>`` database created and dropped on that server) is filled with
synthetic data: ``--organizations`` organizations (default 20,000) with a listed directory
profile each (roles, processes, alloys, certifications, cities and texts drawn from fixed
lists, search columns built by the app's own indexer), and ``--jobs`` job postings (default
50,000) spread over those organizations and the shipped trades (``workforce`` reference
data), 90 % still open, search column built by the app's indexer.

Measured, per request, what the pages do without HTML (p50 and p95 over the queries below,
each repeated ``--repeat`` times):

* directory: what the page reads for an anonymous visitor: ``selectors.directory_search``
  (words and facets filtered in SQL through the token index), the count, the first page of
  20 profiles as the visitor may see them, then ``facet_counts`` and ``region_counts`` over
  every match. Five times: "cold", each run right after a profile edit through the
  service (the counts cached before the edit are brought up to date with the edited
  profile), "warm" (the same search already counted for the directory's latest change:
  served from Django's cache), "new search" (never counted, in a process that served the
  directory before: the facet sets in its cache), "first request of a worker" (its own
  cache empty, the facet sets in the shared cache table) and "new deployment" (both caches
  empty: the facet sets read from the token index too);
* jobs: ``selectors.job_search`` then what the paginated list reads (the count and the first
  page of 20 postings with organization and trade).

    .venv/bin/python bench/bench_lists.py [--organizations 20000] [--jobs 50000] [--repeat 5]
    (``--jobs 0``: the directory alone)
    ALUHUB_DATABASE_URL=postgres://... .venv/bin/python bench/bench_lists.py
    .venv/bin/python bench/bench_lists.py --reuse FILE.sqlite3|postgres://... (measure only)

Target (issue 18): search p95 < 50 ms for both lists.

Printed per query: the wall time, this process's CPU time and, on a PostgreSQL server of
this machine, the server process's CPU time (/proc); their sum is the request's cost on a
loaded machine, where the wall time waits for a core.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CITIES = ["Saguenay", "Alma", "Montréal", "Québec", "Trois-Rivières", "Bécancour", "Sept-Îles",
          "Baie-Comeau", "Sherbrooke", "Laval", "Drummondville", "Granby"]  # fmt: skip
ALLOYS = ["6061", "6063", "6082", "5052", "5083", "3003", "1100", "A356.0", "7075", "2024"]
WORDS = ["extrusion", "usinage", "soudage", "anodisation", "moulage", "laminage", "recyclage",
         "machining", "welding", "casting", "rolling", "finishing", "profilés", "pièces",
         "structures", "remorques", "bateaux", "garde-corps", "fenêtres", "échangeurs"]  # fmt: skip
JOB_TITLES = ["Soudeur aluminium", "Opérateur de presse", "Machiniste CNC", "Électromécanicien",
              "Technicien en métallurgie", "Ingénieur procédés", "Contremaître de production",
              "Inspecteur qualité", "Aluminium welder", "Press operator", "Process engineer",
              "Millwright", "Cariste", "Peintre industriel"]  # fmt: skip

DIRECTORY_QUERIES: list[dict[str, str]] = [
    {},
    {"q": "extrusion"},
    {"q": "soudage aluminium"},
    {"q": "machining"},
    {"region": "02"},
    {"q": "profilés", "region": "02"},
    {"alloy": "6063"},
    {"process": "extrusion"},
]
JOB_QUERIES: list[dict[str, str]] = [
    {},
    {"q": "soudeur"},
    {"q": "welder"},
    {"q": "machiniste cnc"},
    {"region": "02"},
    {"kind": "internship"},
    {"q": "opérateur", "region": "04"},
]


def _setup_django(reuse: str = "") -> None:
    url = os.environ.get("ALUHUB_DATABASE_URL", "")
    if reuse.startswith(("postgres://", "postgresql://")):
        os.environ["ALUHUB_DATABASE_URL"] = reuse
    elif reuse:
        os.environ["ALUHUB_DATABASE_URL"] = f"sqlite:///{Path(reuse).resolve()}"
    elif not url.startswith(("postgres://", "postgresql://")):
        folder = Path(tempfile.mkdtemp(prefix="aluhub-bench-lists-"))
        os.environ["ALUHUB_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        print(f"database file: {folder / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aluhub.settings")
    os.environ.setdefault("ALUHUB_SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


_CPU: list[float] = []  # this process's CPU time of each timed run (ms)


_SERVER: list[float] = []  # the PostgreSQL server process's CPU time of each timed run (ms)


def _server_cpu() -> float | None:
    """CPU time so far (ms) of the PostgreSQL server process serving this connection, read
    from /proc/<pid>/schedstat (nanoseconds) when the server runs on this machine; None on
    SQLite or a remote server. Parallel workers' time is not in it (the job board's plans
    since decision 0007 start none; earlier counts did)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6
    except (OSError, ValueError, IndexError):
        return None


def _timed_cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time, with this process's CPU time kept in _CPU: on SQLite the database works
    in this process, so the CPU time is the request's own cost, whatever the machine's
    load (the wall time on a shared machine waits for the other processes). On a local
    PostgreSQL server, the server process's CPU time is kept in _SERVER: the two together
    are the request's cost whatever the load."""
    server = _server_cpu()
    cpu = time.process_time()
    ms, value = _timed(fn)
    _CPU.append((time.process_time() - cpu) * 1000)
    if server is not None:
        after = _server_cpu()
        if after is not None:
            _SERVER.append(after - server)
    return ms, value


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def build_directory(size: int, rng: random.Random) -> list[int]:
    from aluhub.accounts.models import Organization
    from aluhub.common.regions import REGION_CODES
    from aluhub.directory import services
    from aluhub.directory.models import Certification, DirectoryProfile, Process, ValueChainRole

    orgs = [
        Organization(
            name=f"{rng.choice(WORDS).capitalize()} {rng.choice(CITIES)} {i} inc.",
            slug=f"bench-org-{i}",
            kind="business",
            region=rng.choice(REGION_CODES),
            naics_codes=["331318"],
            employees=rng.randint(3, 900),
        )
        for i in range(size)
    ]
    Organization.objects.bulk_create(orgs, batch_size=2000)
    orgs = list(Organization.objects.filter(slug__startswith="bench-org-").order_by("pk"))
    batch: list[DirectoryProfile] = []
    for org in orgs:
        profile = DirectoryProfile(
            organization=org,
            listed=True,
            role=rng.choice(ValueChainRole.values),
            processes=sorted(rng.sample(Process.values, rng.randint(1, 3))),
            alloys=sorted(rng.sample(ALLOYS, rng.randint(1, 4))),
            certifications=sorted(rng.sample(Certification.values, rng.randint(0, 2))),
            city=rng.choice(CITIES),
            sells=" ".join(rng.sample(WORDS, 4)),
            buys=" ".join(rng.sample(WORDS, 2)),
        )
        profile.visibility = {
            **profile.visibility,
            # A fifth of the organizations hide their processes from other organizations.
            **({"processes": "hidden"} if rng.random() < 0.2 else {}),
        }
        services.fill_index(profile)
        batch.append(profile)
        if len(batch) == 2000 or org is orgs[-1]:
            DirectoryProfile.objects.bulk_create(batch)
            services.index_tokens(batch, fresh=True)  # the service's token index, in bulk
            batch = []
    return [org.pk for org in orgs]


def build_jobs(size: int, org_ids: list[int], rng: random.Random) -> int:
    from aluhub.accounts.models import Organization
    from aluhub.common import search
    from aluhub.common.reference import no_progress
    from aluhub.common.regions import REGION_CODES
    from aluhub.workforce import indexing, reference, selectors
    from aluhub.workforce.models import JobKind, JobPosting, StudyLevel, Trade

    reference.load_trades(no_progress)
    trades = list(Trade.objects.all())
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=org_ids[:500])}
    today = date.today()
    batch: list[JobPosting] = []
    for i in range(size):
        job = JobPosting(
            organization=orgs[org_ids[i % len(orgs)]],
            title=rng.choice(JOB_TITLES),
            description=" ".join(rng.sample(WORDS, 8)),
            trade=rng.choice(trades),
            kind=rng.choice(JobKind.values),
            region=rng.choice(REGION_CODES),
            city=rng.choice(CITIES),
            level=rng.choice(StudyLevel.values),
            how_to_apply="emplois@example.org",
            # 90 % still open: closing from 10 days ago to 120 days ahead.
            closing_date=today + timedelta(days=rng.randint(-13, 120)),
        )
        job.search_text = indexing.job_document(job)
        batch.append(job)
        if len(batch) == 2000 or i == size - 1:
            # The service's token index (search.index_documents), in bulk.
            JobPosting.objects.bulk_create(batch)
            search.index_documents(
                selectors.JOB_TOKENS, [(j.pk, j.search_text) for j in batch], fresh=True
            )
            batch = []
    return JobPosting.objects.count()


def measure(
    queries: list[dict[str, str]],
    repeat: int,
    one: Callable[[Any], int],
    before: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Each query ``repeat`` times (after one untimed run that warms the database's pages,
    reported as "first"); ``before`` runs untimed before each timed run (an edit, for the
    cold figures)."""
    times: list[float] = []
    per_query = []
    server_per_query: list[float | None] = []  # the server's CPU, per query (PostgreSQL)
    _CPU.clear()
    _SERVER.clear()
    for spec in queries:
        first, _hits = _timed(lambda spec=spec: one(spec))
        runs = []
        cpu_before, server_before = len(_CPU), len(_SERVER)
        for _ in range(repeat):
            if before is not None:
                before()
            runs.append(_timed_cpu(lambda spec=spec: one(spec)))
        times += [ms for ms, _ in runs]
        cpu = statistics.median(_CPU[cpu_before:])
        server = _SERVER[server_before:]
        server_per_query.append(statistics.median(server) if server else None)
        per_query.append(
            (str(spec), runs[0][1], statistics.median(ms for ms, _ in runs), first, cpu)
        )
    both = [c + s for c, s in zip(_CPU, _SERVER, strict=True)] if _SERVER else []
    return {
        "p50": statistics.median(times),
        "p95": _p95(times),
        "cpu_p50": statistics.median(_CPU),
        "cpu_p95": _p95(_CPU),
        "both_p50": statistics.median(both) if both else None,
        "both_p95": _p95(both) if both else None,
        "per_query": per_query,
        "server_per_query": server_per_query,
    }


def _directory_page(spec: dict[str, str]) -> int:
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator

    from aluhub.directory import selectors as directory
    from aluhub.directory.views import PAGE_SIZE

    # What the page reads: the count and the first page (Paginator), then the facet and
    # map counts (the count and the facet counts come from the cache when this search was
    # already counted for the directory's current version).
    results = directory.directory_search(AnonymousUser(), directory.DirectoryFilters(**spec))
    page = Paginator(results, PAGE_SIZE).get_page(1)
    list(page.object_list)
    directory.region_counts(directory.facet_counts(results))
    return page.paginator.count


def _directory_edit() -> None:
    """One profile edited through the service, as its page saves it: anodizing added to or
    removed from its processes (its facets and search text change), so the counts of the
    searches it matches change (the cold figure: the first request of each search after an
    edit)."""
    from aluhub.directory import services
    from aluhub.directory.models import DirectoryProfile

    profile = DirectoryProfile.objects.select_related("organization").order_by("?").first()
    if profile is not None:
        processes = sorted(set(profile.processes) ^ {"anodizing"})
        services.profile_save(
            organization=profile.organization, by=None, values={"processes": processes}
        )


def _directory_parts(repeat: int) -> list[tuple[str, dict[str, float]]]:
    """Where a cold request's time goes, per query: the version and count, the first page,
    the facet and map counts (median wall ms of ``repeat`` runs, each after an edit)."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator

    from aluhub.directory import selectors as directory
    from aluhub.directory.views import PAGE_SIZE

    found = []
    for spec in DIRECTORY_QUERIES:
        parts: dict[str, list[float]] = {"count": [], "page": [], "facets": []}
        for _ in range(repeat):
            _directory_edit()
            results = directory.directory_search(
                AnonymousUser(), directory.DirectoryFilters(**spec)
            )
            paginator = Paginator(results, PAGE_SIZE)
            parts["count"].append(_timed(lambda p=paginator: p.count)[0])
            parts["page"].append(_timed(lambda p=paginator: list(p.get_page(1).object_list))[0])
            parts["facets"].append(
                _timed(lambda r=results: directory.region_counts(directory.facet_counts(r)))[0]
            )
        found.append((str(spec), {k: statistics.median(v) for k, v in parts.items()}))
        _slowest_query(lambda spec=spec: _directory_page(spec))
    return found


def _slowest_query(request: Callable[[], Any]) -> None:
    """Print the slowest SQL of one cold request (after an edit) and, on PostgreSQL, the
    top of its ``EXPLAIN ANALYZE``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _directory_edit()
    with CaptureQueriesContext(connection) as queries:
        request()
    ranked = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
    if not ranked:
        return
    slowest = ranked[0]
    print(f"    {len(ranked)} queries; slowest {float(slowest['time']) * 1000:.1f} ms:")
    print(f"      {slowest['sql'][:300]}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
            for (line,) in cursor.fetchall()[:14]:
                print(f"      | {line}")


def _directory(repeat: int, parts: bool = False) -> dict[str, Any]:
    return {
        **({"directory_parts": _directory_parts(repeat)} if parts else {}),
        "directory (cold: after an edit)": measure(
            DIRECTORY_QUERIES, repeat, _directory_page, before=_directory_edit
        ),
        "directory (warm: counted before)": measure(DIRECTORY_QUERIES, repeat, _directory_page),
        # A search never counted (a new word) in a process that served the directory
        # before: the facet sets are in the process's cache, the search's counts are not.
        "directory (new search: never counted)": measure(
            DIRECTORY_QUERIES, repeat, _directory_page, before=_new_search
        ),
        # The first directory request of a worker (started or restarted): its own cache
        # is empty, the shared cache (a table) holds the facet sets.
        "directory (first request of a worker)": measure(
            DIRECTORY_QUERIES, repeat, _directory_page, before=_empty_cache
        ),
        # A new deployment (or after the re-index): both caches empty, the facet sets read
        # from the token index; once, not per worker.
        "directory (new deployment: both caches empty)": measure(
            DIRECTORY_QUERIES, repeat, _directory_page, before=_empty_caches
        ),
    }


def _empty_cache() -> None:
    from django.core.cache import cache

    cache.clear()


def _empty_caches() -> None:
    from django.core.cache import caches

    caches["default"].clear()
    caches["shared"].clear()


def _new_search() -> None:
    """This process's cache emptied, then the visitor level's facet sets read as an
    earlier directory request would have (no count of any search kept)."""
    from aluhub.directory import counting

    _empty_cache()
    counting.facet_sets("facets_public", counting.directory_stamp())


def _jobs_page(spec: dict[str, str]) -> int:
    from aluhub.common.pagination import CappedPaginator
    from aluhub.workforce import selectors as workforce
    from aluhub.workforce.views import JOB_COUNT_CAP, PAGE_SIZE

    # What the board's page reads: the count up to its cap, then the first page.
    paginator = CappedPaginator(
        workforce.job_search(workforce.JobFilters(**spec)), PAGE_SIZE, cap=JOB_COUNT_CAP
    )
    list(paginator.get_page(1))
    return paginator.count + (1 if paginator.capped else 0)


def run(
    organizations: int, jobs: int, repeat: int, reuse: bool = False, parts: bool = False
) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from aluhub.directory.models import DirectoryProfile
    from aluhub.workforce.models import JobPosting

    if reuse:
        # A database file left by an earlier run (its path is printed): brought to the
        # current migrations (e.g. a new index), then measured.
        call_command("migrate", verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the planner's statistics, new ones included
        org_ids = list(DirectoryProfile.objects.values_list("organization_id", flat=True))
        job_count = JobPosting.objects.count()
        return {
            "vendor": connection.vendor,
            "organizations": len(org_ids),
            "jobs": job_count,
            "build_s": 0.0,
            **(_directory(repeat, parts) if org_ids else {}),
            **({"job_board": measure(JOB_QUERIES, repeat, _jobs_page)} if job_count else {}),
        }
    if connection.vendor == "postgresql":
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        rng = random.Random(20261204)
        build_ms, org_ids = _timed(lambda: build_directory(organizations, rng))
        jobs_ms, job_count = _timed(lambda: build_jobs(jobs, org_ids, rng)) if jobs else (0, 0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        return {
            "vendor": connection.vendor,
            "organizations": len(org_ids),
            "jobs": job_count,
            "build_s": (build_ms + jobs_ms) / 1000,
            **_directory(repeat, parts),
            **({"job_board": measure(JOB_QUERIES, repeat, _jobs_page)} if jobs else {}),
        }
    finally:
        if connection.vendor == "postgresql":
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"], verbosity=0, keepdb=False
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--reuse",
        default="",
        help="measure the SQLite file of an earlier run, or a PostgreSQL database URL "
        "already filled (no build; migrated first)",
    )
    parser.add_argument(
        "--parts",
        action="store_true",
        help="also time the parts of the directory's cold request (count, page, facets)",
    )
    args = parser.parse_args()
    _setup_django(args.reuse)
    print(f"load average before: {os.getloadavg()}")
    out = run(args.organizations, args.jobs, args.repeat, reuse=bool(args.reuse), parts=args.parts)
    print(
        f"database: {out['vendor']}, {out['organizations']} organizations, {out['jobs']} "
        f"postings, built in {out['build_s']:.0f} s"
    )
    if "directory_parts" in out:
        print("directory, cold request by part (median wall ms):")
        print(f"  {'query':50} {'count':>7} {'page':>7} {'facets':>7}")
        for spec, part in out["directory_parts"]:
            print(
                f"  {spec[:50]:50} {part['count']:>7.1f} {part['page']:>7.1f} "
                f"{part['facets']:>7.1f}"
            )
    for name in [n for n in out if n.startswith(("directory (", "job_board"))]:
        print(f"{name}:")
        print(
            f"  {'query':50} {'hits':>6} {'median ms':>10} {'first ms':>9} {'CPU ms':>7}"
            f" {'server CPU ms':>14}"
        )
        rows = zip(out[name]["per_query"], out[name]["server_per_query"], strict=True)
        for (spec, hits, ms, first, cpu), server in rows:
            shown = "" if server is None else f"{server:.1f}"
            print(f"  {spec[:50]:50} {hits:>6} {ms:>10.1f} {first:>9.1f} {cpu:>7.1f} {shown:>14}")
        print(
            f"{name}: p50 {out[name]['p50']:.1f} ms, p95 {out[name]['p95']:.1f} ms "
            f"(target p95 < 50); CPU time of this process p50 {out[name]['cpu_p50']:.1f} ms, "
            f"p95 {out[name]['cpu_p95']:.1f} ms"
        )
        if out[name]["both_p50"] is not None:
            print(
                f"{name}: CPU time of this process + the PostgreSQL server process p50 "
                f"{out[name]['both_p50']:.1f} ms, p95 {out[name]['both_p95']:.1f} ms"
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
