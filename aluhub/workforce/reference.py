"""Reference loader: trades, training programs, labour-market indicators and the internship
tax-credit parameters from aluhub/data/*.csv (upsert by id, sources kept).

``trades.csv``, ``training_programs.csv`` and ``labour_market.csv`` are the shared research
files (ids and sources unchanged); ``trades.csv`` gained a ``title_fr_source`` column (the
official page a French title was copied from). ``trade_profiles.csv`` holds our own short
descriptions and the editorial interest / work-environment tags the questionnaire reads.
``training_programs_fr.csv`` (next to this module) holds our French wording of the training
programs' duration and research note.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from aluhub.common.reference import LoadSummary, ProgressFactory, upsert
from aluhub.common.regions import region_code_for_name
from aluhub.engines.text import french_prose

from . import indexing
from .models import LabourIndicator, Stage, TaxCreditParameter, Trade, TrainingProgram

DATA = Path(settings.BASE_DIR) / "aluhub" / "data"
# Our French wording of the training programs' English-only columns (duration, research
# note, the institutions cells with English words), keyed by id; the facts and sources stay
# those of the shared file.
TRAINING_FR_CSV = Path(__file__).resolve().parent / "training_programs_fr.csv"
# The labour-market rows written in French (copied from French pages: Guichet-Emplois ...),
# keyed like labour_market.csv; the other rows are in English.
LABOUR_LANGUAGES_CSV = Path(__file__).resolve().parent / "labour_market_languages.csv"
# "CFP Qualitech (Trois-Rivières, Mauricie)" -> name, place; the region is the last part.
_INSTITUTION = re.compile(r"^(?P<name>.+?)\s*\((?P<place>[^()]*)\)\s*$")
# "developed by Cégep de La Pocatière (Bas-Saint-Laurent)": who designed the program, not
# where it is taught, so its place gives the program no region.
_NOT_TAUGHT_THERE = ("developed by ", "conçu par ")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _rows(name: str) -> list[dict[str, str]]:
    return _read(DATA / name)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def parse_institutions(value: str) -> list[dict[str, str]]:
    """``"A (City, Region); B (Montréal)"`` -> ``[{"name", "place", "region"}]``.

    The region code is found from the last part of the place (a region name) or, for a
    place that is itself a region's name (Montréal, Laval), from the place; else blank, as
    for the institution that only designed the program ("developed by …").
    """
    found = []
    for part in _split(value):
        match = _INSTITUTION.match(part)
        name, place = (match["name"], match["place"]) if match else (part, "")
        taught = not name.casefold().startswith(_NOT_TAUGHT_THERE)
        pieces = [p.strip() for p in place.split(",") if p.strip()] if taught else []
        code = ""
        for piece in reversed(pieces):
            code = region_code_for_name(piece) or ""
            if code:
                break
        found.append({"name": name, "place": place, "region": code})
    return found


def load_trades(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("workforce trades")
    profiles = {row["id"]: row for row in _rows("trade_profiles.csv")}
    rows = _rows("trades.csv")
    known = set(Stage.values)
    # An official French title staff copied in the admin with its source stays while the
    # file's cell is blank (docs/workforce.md: "Staff fill a confirmed title in the admin").
    copied = {
        t.slug: (t.title_fr, t.title_fr_source)
        for t in Trade.objects.exclude(title_fr="").exclude(title_fr_source="")
    }
    for row in progress(rows, total=len(rows), desc="trades"):
        profile = profiles.get(row["id"], {})
        stages = [s for s in _split(row["value_chain_stages"]) if s in known]
        title_fr, title_source = (
            (row["title_fr"], row["title_fr_source"])
            if row["title_fr"]
            else copied.get(row["id"], ("", ""))
        )
        values = {
            "noc_2021": row["noc_2021"],
            "teer": int(row["teer"]) if row["teer"] else None,
            "title_fr": title_fr,
            "title_en": row["title_en"],
            "title_fr_source": title_source,
            "summary_fr": french_prose(profile.get("summary_fr", "")),
            "summary_en": profile.get("summary_en", ""),
            "stages": stages,
            "interests": _split(profile.get("interests", "")),
            "environments": _split(profile.get("environments", "")),
            "example_titles_fr": french_prose(row["example_job_titles_fr"]),
            "example_titles_en": row["example_job_titles_en"],
            "source_url": row["source_url"],
            "evidence_confidence": row["evidence_confidence"],
            "note": row["note"],
        }
        upsert(Trade, {"slug": row["id"]}, values, summary)
    return summary


def load_programs(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("workforce training programs")
    trades = {t.slug: t for t in Trade.objects.all()}
    rows = _rows("training_programs.csv")
    french = {row["id"]: row for row in _read(TRAINING_FR_CSV)}
    for row in progress(rows, total=len(rows), desc="training programs"):
        fr = french.get(row["id"], {})
        institutions = parse_institutions(row["institutions"])
        # Institutions are names, the same in both languages; a cell with English words
        # ("In-company apprenticeship", "developed by …") has our French beside it.
        institutions_fr = parse_institutions(fr.get("institutions_fr") or row["institutions"])
        values = {
            "code": row["code"],
            "code_to_confirm": row.get("code_status", "") == "to_confirm",
            "level": row["level"],
            "name_fr": row["name_fr"],
            "name_en": row["name_en"],
            "hours_fr": fr.get("hours_fr", ""),
            "hours_en": row["hours"],
            "institutions_fr": institutions_fr,
            "institutions_en": institutions,
            "regions": sorted({i["region"] for i in institutions if i["region"]}),
            "work_study": True if row["work_study"] == "yes" else None,
            "source_url": row["source_url"],
            "evidence_confidence": row["evidence_confidence"],
            "note_fr": fr.get("note_fr", ""),
            "note_en": row["note"],
        }
        wanted = [trades[s].pk for s in _split(row["trades"]) if s in trades]
        upsert(TrainingProgram, {"slug": row["id"]}, values, summary, related={"trades": wanted})
    return summary


def load_indicators(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("workforce labour-market indicators")
    trades = {t.slug: t for t in Trade.objects.all()}
    rows = _rows("labour_market.csv")
    languages = {
        (r["trade_id"], r["region"], r["indicator"]): r["language"]
        for r in _read(LABOUR_LANGUAGES_CSV)
    }
    for row in progress(rows, total=len(rows), desc="labour market"):
        trade = trades[row["trade_id"]]
        values = {
            "region_code": region_code_for_name(row["region"]) or "",
            "value": row["value"],
            "year": row["year"],
            "source_url": row["source_url"],
            "language": languages.get((row["trade_id"], row["region"], row["indicator"]), "en"),
        }
        lookup = {"trade": trade, "region": row["region"], "indicator": row["indicator"]}
        upsert(LabourIndicator, lookup, values, summary)
    return summary


def load_tax_credit(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("workforce internship tax-credit parameters")
    rows = _rows("internship_tax_credit.csv")
    for row in progress(rows, total=len(rows), desc="tax credit"):
        values = {
            "name_fr": row["name_fr"],
            "name_en": row["name_en"],
            "rate_percent": Decimal(row["rate_percent"]) if row["rate_percent"] else None,
            "starts_on": date.fromisoformat(row["starts_on"]) if row["starts_on"] else None,
            "source_url": row["source_url"],
            "note": row["note"],
        }
        upsert(TaxCreditParameter, {"slug": row["id"]}, values, summary)
    return summary


def load_reference(progress: ProgressFactory) -> list[LoadSummary]:
    with transaction.atomic():
        summaries = [
            load_trades(progress),
            load_programs(progress),
            load_indicators(progress),
            load_tax_credit(progress),
        ]
        indexing.search_reindex()
    return summaries


def reindex_search() -> int:
    """Rebuild the stored search documents (``aluhub reindex``)."""
    return indexing.search_reindex()
