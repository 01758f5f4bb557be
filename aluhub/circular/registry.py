"""Alloy registry: the composition limits of ``aluhub/data/alloys.csv`` as engine dataclasses.

Plain Python (no Django), so the CLI, the API, the pages and the benchmark share it. One CSV row
is one limit of one alloy (% by mass): ``alloy,family,series,element,min_pct,max_pct,source_url``.
A blank bound stays missing (never guessed). ``element`` may be an element (``Fe``), a combined
key (``Mn+Cr``: the sum of both), ``Al`` (a minimum on the remainder, 1xxx) or
``Others_each`` / ``Others_total``. Each limit keeps the URL of its source.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Any

from aluhub.engines.blend import AlloySpec, Limit, find_alloy

ALLOYS_CSV = Path(__file__).resolve().parent.parent / "data" / "alloys.csv"


def _bound(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


def read_alloys(path: Path = ALLOYS_CSV) -> dict[str, AlloySpec]:
    """Read the registry file (alloy id -> spec), in file order."""
    rows: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["alloy"].strip(), []).append(row)
    alloys: dict[str, AlloySpec] = {}
    for alloy, group in rows.items():
        limits = tuple(
            Limit(
                key=row["element"].strip(),
                min_pct=_bound(row["min_pct"]),
                max_pct=_bound(row["max_pct"]),
                source=row["source_url"].strip(),
            )
            for row in group
        )
        sources = tuple(dict.fromkeys(limit.source for limit in limits if limit.source))
        alloys[alloy] = AlloySpec(
            alloy=alloy,
            family=group[0]["family"].strip(),
            series=group[0]["series"].strip(),
            limits=limits,
            sources=sources,
        )
    return alloys


@functools.cache
def load_alloys() -> dict[str, AlloySpec]:
    """The shipped registry, read once per process."""
    return read_alloys()


def get_alloy(name: str) -> AlloySpec | None:
    """Find an alloy by id (``6063``; ``a356`` and ``A356`` find ``A356.0``)."""
    return find_alloy(name, load_alloys())


def alloy_list() -> list[dict[str, Any]]:
    """The alloys for pages and the API: id, family, series, limits and sources."""
    return [
        {
            "id": spec.alloy,
            "family": spec.family,
            "series": spec.series,
            "limits": [
                {"key": lim.key, "min": lim.min_pct, "max": lim.max_pct, "source": lim.source}
                for lim in spec.limits
            ],
            "sources": list(spec.sources),
        }
        for spec in load_alloys().values()
    ]
