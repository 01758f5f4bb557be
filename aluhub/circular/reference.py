"""Reference data of the exchange: scrap grades, the ISRI <-> EN 13920 crosswalk, carbon factors.

* ``aluhub/data/scrap_grades.csv``: ISRI grade names and the 16 parts of EN 13920, with FR/EN
  descriptions, the typical alloy family and the source URL (a blank stays blank).
* ``aluhub/circular/crosswalk.csv``: our curated pairs ISRI grade <-> EN 13920 part, each with a
  ``basis`` (FR/EN) that says which words of the two descriptions support it. A grade that the
  data does not tie to a part (Thorn, Tweak, EM1; EN 13920-1, -3, -11, -14, -15, -16) has no pair.
* ``aluhub/data/carbon_factors.csv``: kg CO2e per kg of aluminium, with scope note, year, source.
* ``aluhub/circular/scrap_grades_fr.csv`` and ``carbon_factors_fr.csv``: our French wording of
  the English-only columns of the two shared files (grade titles and alloy families; factor
  names and scope notes), keyed like them; the figures and sources come from the shared files.

Upserts by code / slug, in one transaction; running it twice changes nothing.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from aluhub.common.reference import LoadSummary, ProgressFactory, upsert
from aluhub.engines.text import french_prose

from .models import CarbonFactor, GradeCrosswalk, ScrapGrade

DATA = Path(__file__).resolve().parent.parent / "data"
GRADES_CSV = DATA / "scrap_grades.csv"
CARBON_CSV = DATA / "carbon_factors.csv"
CROSSWALK_CSV = Path(__file__).resolve().parent / "crosswalk.csv"
GRADES_FR_CSV = Path(__file__).resolve().parent / "scrap_grades_fr.csv"
CARBON_FR_CSV = Path(__file__).resolve().parent / "carbon_factors_fr.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def carbon_slug(item: str, year: str) -> str:
    return slugify(f"{item} {year}".strip())[:120]


def load_grades(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("scrap grades")
    rows = _rows(GRADES_CSV)
    french = {row["code"]: row for row in _rows(GRADES_FR_CSV)}
    for position, row in enumerate(progress(rows, total=len(rows), desc="scrap grades")):
        fr = french[row["code"]]
        upsert(
            ScrapGrade,
            {"code": row["code"]},
            {
                "system": row["system"],
                "name_en": row["name"],
                "name_fr": fr["name_fr"],
                "description_en": row["description_en"],
                "description_fr": french_prose(row["description_fr"]),
                "typical_alloy_family_en": row["typical_alloy_family"],
                "typical_alloy_family_fr": fr["typical_alloy_family_fr"],
                "source_url": row["source_url"],
                "position": position,
            },
            summary,
        )
    return summary


def load_crosswalk(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("scrap grade crosswalk")
    rows = _rows(CROSSWALK_CSV)
    grades = {g.code: g for g in ScrapGrade.objects.all()}
    for row in progress(rows, total=len(rows), desc="crosswalk"):
        isri, en = grades[row["isri_code"]], grades[row["en_part"]]
        if isri.system != "ISRI" or en.system != "EN13920":
            raise ValueError(f"crosswalk.csv: {row['isri_code']} / {row['en_part']}: wrong system")
        upsert(
            GradeCrosswalk,
            {"isri": isri, "en": en},
            {
                "strength": row["strength"],
                "basis_en": row["basis_en"],
                "basis_fr": row["basis_fr"],
            },
            summary,
        )
    return summary


def load_carbon_factors(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("carbon factors")
    rows = _rows(CARBON_CSV)
    french = {(row["item"], row["year"]): row for row in _rows(CARBON_FR_CSV)}
    for position, row in enumerate(progress(rows, total=len(rows), desc="carbon factors")):
        value = row["kg_co2e_per_kg"]
        fr = french[(row["item"], row["year"])]
        upsert(
            CarbonFactor,
            {"slug": carbon_slug(row["item"], row["year"])},
            {
                "item_en": row["item"],
                "item_fr": fr["item_fr"],
                "value": Decimal(value) if value else None,
                "scope_note_en": row["scope_note"],
                "scope_note_fr": fr["scope_note_fr"],
                "year": int(row["year"]) if row["year"] else None,
                "source_url": row["source_url"],
                "is_recycled": row["item"].lower().startswith("recycled"),
                "position": position,
            },
            summary,
        )
    return summary


def load_reference(progress: ProgressFactory) -> list[LoadSummary]:
    with transaction.atomic():
        return [load_grades(progress), load_crosswalk(progress), load_carbon_factors(progress)]
