"""Funding programs to suggest after a digital-maturity self-assessment.

For now this reads the shipped catalogue ``aluhub/data/funding_programs.csv`` directly (columns
id, phases, status, eligible_sizes, regions, summary_fr, summary_en). A program is suggested when

* its phases include ``digital_transformation`` or ``productivity_automation``;
* its status is not ``closed`` (``unknown`` and ``paused`` stay: staff can confirm them);
* if the organization profile gives a size class, the program's ``eligible_sizes`` include it
  (an empty cell means "not stated" and excludes nobody); likewise for ``regions`` (empty = all
  of Québec).

Order: relevance to the weakest dimensions, weakest first. Dimension i of the k weakest weighs
k - i; a program earns that weight once per phase it shares with the dimension's phases and
once more if its summary names the dimension's topic (e.g. "diagnostic" for strategy). Ties:
open programs before the others, then catalogue order. When the funding matching engine
(``aluhub.engines.matching``) is wired to the funding app, this module should delegate to it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aluhub.engines.sizes import SIZE_CLASSES, size_class

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "data" / "funding_programs.csv"
MATURITY_PHASES = frozenset({"digital_transformation", "productivity_automation"})

# Which program phases and which words in a program's summary serve each dimension.
DIMENSION_PHASES: dict[str, frozenset[str]] = {
    "strategy_leadership": frozenset({"digital_transformation"}),
    "connectivity_data": frozenset({"digital_transformation"}),
    "automation_robotics": frozenset({"productivity_automation"}),
    "digital_processes": frozenset({"digital_transformation", "productivity_automation"}),
    "cybersecurity": frozenset({"digital_transformation"}),
    "skills_culture": frozenset({"workforce_training"}),
    "energy_sustainability_data": frozenset({"energy_efficiency", "sustainability_circular"}),
}
DIMENSION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "strategy_leadership": ("diagnostic", "roadmap", "digital plan", "audit"),
    "connectivity_data": ("software", "digital", "4.0"),
    "automation_robotics": ("automation", "robot", "equipment", "technology"),
    "digital_processes": ("software", "digital", "4.0"),
    "cybersecurity": ("cyber",),
    "skills_culture": ("training", "skills", "coaching"),
    "energy_sustainability_data": ("energy", "carbon", "emission"),
}


@dataclass(frozen=True, slots=True)
class CatalogueProgram:
    id: str
    phases: frozenset[str]
    status: str
    eligible_sizes: frozenset[str]
    regions: frozenset[str]
    summary: str  # English summary, lowercased, for keyword relevance


def _split(cell: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (cell or "").split(";") if part.strip())


def read_catalogue(rows: Iterable[Mapping[str, str]]) -> tuple[CatalogueProgram, ...]:
    """Programs from CSV rows (dicts keyed by the catalogue's column names)."""
    return tuple(
        CatalogueProgram(
            id=row["id"].strip(),
            phases=_split(row.get("phases")),
            status=(row.get("status") or "unknown").strip() or "unknown",
            eligible_sizes=_split(row.get("eligible_sizes")),
            regions=_split(row.get("regions")),
            summary=(row.get("summary_en") or "").lower(),
        )
        for row in rows
        if (row.get("id") or "").strip()
    )


@cache
def load_catalogue(path: Path = CATALOGUE_PATH) -> tuple[CatalogueProgram, ...]:
    with path.open(encoding="utf-8", newline="") as fh:
        return read_catalogue(csv.DictReader(fh))


def _profile_size(profile: Mapping[str, Any]) -> str | None:
    declared = profile.get("size_class")
    if declared in SIZE_CLASSES:
        return str(declared)
    employees = profile.get("employees")
    if isinstance(employees, int) and not isinstance(employees, bool) and employees >= 0:
        return size_class(employees)
    return None


def _profile_region(profile: Mapping[str, Any]) -> str | None:
    region = profile.get("region")
    if isinstance(region, int) and not isinstance(region, bool):
        return f"{region:02d}"
    return str(region) if region else None


def rank_programs(
    programs: Iterable[CatalogueProgram],
    profile: Mapping[str, Any] | None,
    weakest: Sequence[str],
) -> list[str]:
    """Slugs of the suggested programs, most relevant first (see the module docstring)."""
    size = _profile_size(profile) if profile else None
    region = _profile_region(profile) if profile else None
    weights = {code: len(weakest) - i for i, code in enumerate(weakest)}
    ranked: list[tuple[int, int, int, str]] = []
    for index, program in enumerate(programs):
        if not program.phases & MATURITY_PHASES or program.status == "closed":
            continue
        if size and program.eligible_sizes and size not in program.eligible_sizes:
            continue
        if region and program.regions and region not in program.regions:
            continue
        relevance = 0
        for code, weight in weights.items():
            shared = len(program.phases & DIMENSION_PHASES.get(code, frozenset()))
            named = any(word in program.summary for word in DIMENSION_KEYWORDS.get(code, ()))
            relevance += weight * (shared + int(named))
        ranked.append((-relevance, program.status != "open", index, program.id))
    ranked.sort()
    return [slug for *_, slug in ranked]


def recommended_programs(profile: dict[str, Any] | None, weakest: list[str]) -> list[str]:
    """Catalogue programs for a firm whose ``weakest`` dimensions come first in the list.

    ``profile`` may give ``size_class`` (micro, small, medium, large) or ``employees``, and
    ``region`` ("01".."17"); unknown values filter nothing.
    """
    return rank_programs(load_catalogue(), profile, weakest)
