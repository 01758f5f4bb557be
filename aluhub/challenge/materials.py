"""Read the shipped reference tables into the design checker's dataclasses.

Plain Python (no Django), so the CLI, the pages and the tests share one reader.
``aluhub/data/materials.csv``: density (kg/m3) and embodied carbon (kg CO2e/kg) per material;
``aluhub/data/aluminium_tempers.csv``: Ftu, Fty, welded Ftuw, Ftyw and E (MPa) per alloy-temper.
A blank cell stays ``None`` (never a guessed value); source URLs are kept.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from aluhub.engines.design_check import AlloyTemper, Material

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MATERIALS_CSV = DATA_DIR / "materials.csv"
TEMPERS_CSV = DATA_DIR / "aluminium_tempers.csv"


def _float(cell: str | None, where: str) -> float | None:
    text = (cell or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise ValueError(f"{where}: not a number: {text!r}") from exc


def read_materials(path: Path = MATERIALS_CSV) -> tuple[Material, ...]:
    """All rows of the materials table, in file order."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: list[Material] = []
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"{path.name} line {n}"
        out.append(
            Material(
                id=row["id"].strip(),
                name=(row.get("material") or "").strip(),
                category=(row.get("category") or "").strip(),
                density_kg_m3=_float(row.get("density_kg_m3"), f"{where} density_kg_m3"),
                kgco2e_per_kg=_float(
                    row.get("embodied_kgco2e_per_kg"), f"{where} embodied_kgco2e_per_kg"
                ),
                source_url=(row.get("source_url") or "").strip(),
                note=(row.get("note") or "").strip(),
            )
        )
    return tuple(out)


def read_tempers(path: Path = TEMPERS_CSV) -> tuple[AlloyTemper, ...]:
    """All rows of the alloy-temper table, in file order (an alloy-temper may have several)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: list[AlloyTemper] = []
    for n, row in enumerate(rows, start=2):
        where = f"{path.name} line {n}"
        out.append(
            AlloyTemper(
                alloy_temper=row["alloy_temper"].strip(),
                product=(row.get("product") or "").strip(),
                ftu_mpa=_float(row.get("Ftu_MPa"), f"{where} Ftu_MPa"),
                fty_mpa=_float(row.get("Fty_MPa"), f"{where} Fty_MPa"),
                ftuw_mpa=_float(row.get("Ftuw_MPa"), f"{where} Ftuw_MPa"),
                ftyw_mpa=_float(row.get("Ftyw_MPa"), f"{where} Ftyw_MPa"),
                e_mpa=_float(row.get("E_MPa"), f"{where} E_MPa"),
                source_url=(row.get("source_url") or "").strip(),
            )
        )
    return tuple(out)


@cache
def shipped_materials() -> tuple[Material, ...]:
    """The shipped materials table (read once per process)."""
    return read_materials()


@cache
def shipped_tempers() -> tuple[AlloyTemper, ...]:
    """The shipped alloy-temper table (read once per process)."""
    return read_tempers()
