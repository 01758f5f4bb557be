"""Read the shipped reference tables into the design checker's dataclasses.

Plain Python (no Django), so the CLI, the pages and the tests share one reader.
``aluhub/data/materials.csv``: density (kg/m3) and embodied carbon (kg CO2e/kg) per material;
``aluhub/data/aluminium_tempers.csv``: Ftu, Fty, welded Ftuw, Ftyw and E (MPa) per alloy-temper.
``aluhub/challenge/materials_fr.csv``: our French wording of the shared table's English material
names, keyed by its ids (the figures and sources stay those of the shared file).
A blank cell stays ``None`` (never a guessed value); source URLs are kept.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from aluhub.engines.design_check import AlloyTemper, Material
from aluhub.engines.text import lang_of

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MATERIALS_CSV = DATA_DIR / "materials.csv"
TEMPERS_CSV = DATA_DIR / "aluminium_tempers.csv"
MATERIALS_FR_CSV = Path(__file__).resolve().parent / "materials_fr.csv"
_URL = re.compile(r"https?://[^\s;,]+")


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


@dataclass(frozen=True)
class MaterialRow:
    """One row of the shared materials table as a page shows it, named in one language."""

    id: str
    name: str
    category: str
    density_kg_m3: float | None
    kgco2e_per_kg: float | None
    #: (address, site name) of each source the shared table cites for the row.
    sources: tuple[tuple[str, str], ...]


@cache
def french_names(path: Path = MATERIALS_FR_CSV) -> dict[str, str]:
    """Material id -> French name."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["id"].strip(): row["name_fr"].strip() for row in csv.DictReader(fh)}


@cache
def _english_names() -> dict[str, str]:
    return {m.id: m.name for m in shipped_materials()}


def material_name(material_id: str, lang: str) -> str:
    """A shipped material's name in ``lang`` (French or English); ``""`` for an id the shared
    table does not hold (an organizers' material keeps the name they gave it)."""
    english = _english_names()
    if material_id not in english:
        return ""
    if lang_of(lang) == "fr":
        return french_names().get(material_id) or english[material_id]
    return english[material_id]


def material_rows(lang: str) -> list[MaterialRow]:
    """The shared materials table, each name in ``lang``, in file order."""
    return [
        MaterialRow(
            id=m.id,
            name=material_name(m.id, lang),
            category=m.category,
            density_kg_m3=m.density_kg_m3,
            kgco2e_per_kg=m.kgco2e_per_kg,
            sources=tuple(
                (url, urlsplit(url).netloc) for url in dict.fromkeys(_URL.findall(m.source_url))
            ),
        )
        for m in shipped_materials()
    ]


@cache
def shipped_tempers() -> tuple[AlloyTemper, ...]:
    """The shipped alloy-temper table (read once per process)."""
    return read_tempers()
