"""Starter teaching sheets built from the project's own reference data (aluhub/data/*.csv).

Four bilingual (French / English) PDF sheets, each citing the URLs its figures come from:

* composition limits of common wrought and cast alloys (alloys.csv, % by mass);
* ISRI grades and the parts of EN 13920 for aluminium scrap (scrap_grades.csv);
* carbon footprint of primary and recycled aluminium (carbon_factors.csv, kg CO2e/kg);
* indicative mechanical properties of structural alloy-tempers (aluminium_tempers.csv, MPa).

Figures are copied from the CSV text as written (no rounding, no unit conversion); a blank
cell is printed as an em dash and the legend says "not specified". The ``*_rows`` functions
return exactly what the tables print, so tests can compare them with the CSV files.
PDFs are set up by :func:`aluhub.common.documents.pdf_document` (the platform's embedded font,
page numbers) and written with ``pageCompression=0`` (text searchable in the bytes) and
``invariant=1`` (same bytes on every run, so re-running the loader changes nothing).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from aluhub.common import documents

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: Our French wording of the English-only reference columns (kept beside the exchange's
#: loader, which reads the same files).
FRENCH_DIR = Path(__file__).resolve().parent.parent / "circular"
#: Our French wording of the alloy-temper notes (aluminium_tempers.csv ``product``).
LEARNING_DIR = Path(__file__).resolve().parent
BLANK = "—"
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def figure(value: str) -> str:
    """A figure as printed on the sheets: the CSV's digits with a decimal comma (the sheets
    are French first), nothing rounded; other text unchanged."""
    return value.replace(".", ",") if _DECIMAL.match(value) else value


def cell(value: str | None) -> str:
    """The CSV text as printed: stripped, an em dash for a blank."""
    text = (value or "").strip()
    return text or BLANK


def _read(name: str, folder: Path = DATA_DIR) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_sources(raw: str) -> list[str]:
    return [u.strip() for u in raw.split(" ; ") if u.strip()] if raw else []


# --- Table data -------------------------------------------------------------------
@dataclass(frozen=True)
class AlloyComposition:
    alloy: str
    family: str
    series: str
    limits: tuple[tuple[str, str, str], ...]  # (element, min %, max %) as printed
    sources: tuple[str, ...]


def alloy_compositions() -> list[AlloyComposition]:
    """One entry per alloy, in the CSV's order, elements in the CSV's order."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in _read("alloys.csv"):
        entry = grouped.setdefault(
            row["alloy"],
            {"family": row["family"], "series": row["series"], "limits": [], "sources": []},
        )
        element = row["element"].replace("_", " ")
        entry["limits"].append((element, cell(row["min_pct"]), cell(row["max_pct"])))
        for url in split_sources(row["source_url"]):
            if url not in entry["sources"]:
                entry["sources"].append(url)
    return [
        AlloyComposition(alloy, e["family"], e["series"], tuple(e["limits"]), tuple(e["sources"]))
        for alloy, e in grouped.items()
    ]


@dataclass(frozen=True)
class ScrapGrade:
    code: str
    system: str
    name: str
    description_fr: str
    description_en: str
    family: str
    source: str
    name_fr: str = BLANK
    family_fr: str = BLANK


def scrap_grades() -> list[ScrapGrade]:
    french = {r["code"]: r for r in _read("scrap_grades_fr.csv", FRENCH_DIR)}
    return [
        ScrapGrade(
            r["code"],
            r["system"],
            cell(r["name"]),
            cell(r["description_fr"]),
            cell(r["description_en"]),
            cell(r["typical_alloy_family"]),
            r["source_url"].strip(),
            cell(french.get(r["code"], {}).get("name_fr")),
            cell(french.get(r["code"], {}).get("typical_alloy_family_fr")),
        )
        for r in _read("scrap_grades.csv")
    ]


def scrap_crosswalk(grades: list[ScrapGrade]) -> list[tuple[str, list[str], list[str]]]:
    """Alloy families recorded for at least one ISRI grade AND one EN 13920 part.

    An indicative grouping by the ``typical_alloy_family`` text, not an official
    equivalence between the two systems.
    """
    families: dict[str, tuple[list[str], list[str]]] = {}
    for g in grades:
        if g.family == BLANK:
            continue
        isri, en = families.setdefault(g.family, ([], []))
        (isri if g.system == "ISRI" else en).append(g.code)
    return [(fam, isri, en) for fam, (isri, en) in families.items() if isri and en]


@dataclass(frozen=True)
class CarbonFactor:
    item: str
    kg_co2e_per_kg: str
    year: str
    note: str
    sources: tuple[str, ...]
    item_fr: str = BLANK
    note_fr: str = BLANK


def carbon_factors() -> list[CarbonFactor]:
    french = {(r["item"], r["year"]): r for r in _read("carbon_factors_fr.csv", FRENCH_DIR)}
    return [
        CarbonFactor(
            r["item"],
            cell(r["kg_co2e_per_kg"]),
            cell(r["year"]),
            r["scope_note"],
            tuple(split_sources(r["source_url"])),
            cell(french.get((r["item"], r["year"]), {}).get("item_fr")),
            cell(french.get((r["item"], r["year"]), {}).get("scope_note_fr")),
        )
        for r in _read("carbon_factors.csv")
    ]


@dataclass(frozen=True)
class TemperProperty:
    alloy_temper: str
    product: str
    ftu: str
    fty: str
    ftuw: str
    ftyw: str
    e: str
    sources: tuple[str, ...]
    product_fr: str = BLANK


def temper_properties() -> list[TemperProperty]:
    french = {
        (r["alloy_temper"], r["product"]): r["product_fr"]
        for r in _read("tempers_fr.csv", LEARNING_DIR)
    }
    return [
        TemperProperty(
            r["alloy_temper"],
            r["product"],
            cell(r["Ftu_MPa"]),
            cell(r["Fty_MPa"]),
            cell(r["Ftuw_MPa"]),
            cell(r["Ftyw_MPa"]),
            cell(r["E_MPa"]),
            tuple(split_sources(r["source_url"])),
            cell(french.get((r["alloy_temper"], r["product"]))),
        )
        for r in _read("aluminium_tempers.csv")
    ]


# --- PDF building -----------------------------------------------------------------
_STYLES = documents.pdf_styles()
H1 = ParagraphStyle("h1", parent=_STYLES["Title"], fontSize=16, leading=20, spaceAfter=4)
H1_EN = ParagraphStyle("h1en", parent=H1, fontName=documents.FONT_ITALIC, fontSize=13)
H2 = ParagraphStyle("h2", parent=_STYLES["Heading2"], fontSize=12, spaceBefore=8)
BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontSize=9, leading=11.5)
BODY_EN = ParagraphStyle("bodyen", parent=BODY, fontName=documents.FONT_ITALIC)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.5, leading=9)
SMALL_EN = ParagraphStyle("smallen", parent=SMALL, fontName=documents.FONT_ITALIC)
HEADER_BG = colors.HexColor("#dde6ee")

TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), documents.FONT_BOLD, 8),
        ("FONT", (0, 1), (-1, -1), documents.FONT, 8),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7f9")]),
    ]
)


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(documents.pdf_text(text), style)


def _fr_en(fr: str, en: str) -> list[Paragraph]:
    """A cell with the French text, then the English one in italics (one when they agree)."""
    if fr in (en, BLANK):
        return [_p(en, SMALL)]
    return [_p(fr, SMALL), _p(en, SMALL_EN)]


def _table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    # Plain cells are drawn as they are: keep them to characters the embedded font has.
    rows = [[documents.pdf_plain(c) if isinstance(c, str) else c for c in row] for row in rows]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TABLE_STYLE)
    return table


def _sources(urls: Iterable[str]) -> list[Flowable]:
    story: list[Flowable] = [Paragraph("Sources", H2)]
    for n, url in enumerate(urls, start=1):
        story.append(_p(f"[{n}] {url}", SMALL))
    return story


def _heading(title_fr: str, title_en: str, intro_fr: str, intro_en: str) -> list[Flowable]:
    return [
        _p(title_fr, H1),
        _p(title_en, H1_EN),
        _p(intro_fr),
        _p(intro_en, BODY_EN),
        _p(
            "— : non spécifié dans la source / not specified in the source. "
            "Fiche générée par AluHub à partir de ses données de référence / "
            "sheet generated by AluHub from its reference data.",
            SMALL,
        ),
        Spacer(1, 4 * mm),
    ]


def _render(story: list[Flowable], *, title: str, pagesize: tuple[float, float] = A4) -> bytes:
    buffer = io.BytesIO()
    doc = documents.pdf_document(
        buffer, title=title, pagesize=pagesize, pageCompression=0, invariant=1
    )
    doc.build(story)
    return buffer.getvalue()


def _source_numbers(all_urls: list[str], urls: Iterable[str]) -> str:
    numbers = []
    for url in urls:
        if url not in all_urls:
            all_urls.append(url)
        numbers.append(f"[{all_urls.index(url) + 1}]")
    return " ".join(numbers) or BLANK


def build_alloys_pdf() -> bytes:
    story = _heading(
        "Limites de composition des alliages d’aluminium courants (corroyés et de fonderie)",
        "Composition limits of common wrought and cast aluminium alloys",
        "Limites enregistrées en % massique, élément par élément. Un seul nombre dans la "
        "colonne Max est une teneur maximale\u202f; «\u00a0Others each / total\u00a0» désigne "
        "les autres "
        "éléments, chacun et au total. Les alliages de fonderie sont donnés en limites de "
        "pièces coulées (.0).",
        "Registered limits in % by mass, element by element. A single figure in the Max "
        "column is a maximum content; 'Others each / total' are the other elements, each and "
        "in total. Casting alloys are given as casting (.0) limits.",
    )
    all_urls: list[str] = []
    for alloy in alloy_compositions():
        family_fr = "corroyé" if alloy.family == "wrought" else "fonderie"
        rows: list[list[Any]] = [["Élément / Element", "Min (%)", "Max (%)"]]
        rows += [[element, figure(lo), figure(hi)] for element, lo, hi in alloy.limits]
        block: list[Flowable] = [
            Paragraph(
                documents.pdf_text(
                    f"{alloy.alloy} — {family_fr} / {alloy.family}, série / series "
                    f"{alloy.series} — source {_source_numbers(all_urls, alloy.sources)}"
                ),
                H2,
            ),
            _table(rows, [60 * mm, 30 * mm, 30 * mm]),
        ]
        story.append(KeepTogether(block))
    story += _sources(all_urls)
    return _render(story, title="Composition limits of aluminium alloys")


def build_scrap_pdf() -> bytes:
    grades = scrap_grades()
    story = _heading(
        "Classes de ferraille d’aluminium\u00a0: ISRI et EN 13920",
        "Aluminium scrap grades: ISRI and EN 13920",
        "Les classes ISRI (Institute of Scrap Recycling Industries, Amérique du Nord) et les "
        "parties de la norme européenne EN 13920, avec la famille d’alliages typique de "
        "chacune. Le tableau de correspondance regroupe les classes par famille d’alliages "
        "typique\u00a0: c’est un repère pédagogique, pas une équivalence officielle.",
        "The ISRI grades (Institute of Scrap Recycling Industries, North America) and the "
        "parts of the European standard EN 13920, with the typical alloy family of each. The "
        "crosswalk groups grades by typical alloy family: a teaching aid, not an official "
        "equivalence.",
    )
    all_urls: list[str] = []
    crosswalk = scrap_crosswalk(grades)
    story.append(Paragraph("Correspondance par famille d’alliages / Crosswalk by alloy family", H2))
    rows: list[list[Any]] = [["Famille typique / Typical family", "ISRI", "EN 13920"]]
    family_fr = {g.family: g.family_fr for g in grades}
    rows += [
        [_fr_en(family_fr.get(fam, BLANK), fam), _p(", ".join(i), SMALL), _p(", ".join(e), SMALL)]
        for fam, i, e in crosswalk
    ]
    story.append(_table(rows, [70 * mm, 80 * mm, 100 * mm]))
    for system, label in (("ISRI", "ISRI"), ("EN13920", "EN 13920")):
        story.append(Paragraph(documents.pdf_text(f"{label}"), H2))
        rows = [
            [
                "Code",
                "Nom / Name",
                "Description (FR)",
                "Description (EN)",
                "Famille / Family",
                "Src",
            ]
        ]
        for g in grades:
            if g.system != system:
                continue
            rows.append(
                [
                    _p(g.code, SMALL),
                    _fr_en(g.name_fr, g.name),
                    _p(g.description_fr, SMALL),
                    _p(g.description_en, SMALL),
                    _fr_en(g.family_fr, g.family),
                    _source_numbers(all_urls, [g.source] if g.source else []),
                ]
            )
        story.append(_table(rows, [22 * mm, 40 * mm, 80 * mm, 80 * mm, 32 * mm, 13 * mm]))
    story += _sources(all_urls)
    return _render(story, title="Aluminium scrap grades", pagesize=landscape(A4))


def build_carbon_pdf() -> bytes:
    story = _heading(
        "Empreinte carbone de l’aluminium primaire et recyclé",
        "Carbon footprint of primary and recycled aluminium",
        "Facteurs en kg d’éq.\u00a0CO2 par kg d’aluminium (= t éq.\u00a0CO2 par t), tels que "
        "publiés par chaque source, avec leur périmètre. Les valeurs ne sont pas comparables "
        "entre elles sans lire la note\u00a0: périmètres (électrolyse seule, berceau à la porte, "
        "produits finis) et années diffèrent. Pour l’aluminium recyclé, seules des valeurs "
        "indicatives ont été trouvées.",
        "Factors in kg CO2e per kg of aluminium (= t CO2e per t) as published by each source, "
        "with their scope. Values are not comparable without reading the note: scopes "
        "(electrolysis only, cradle-to-gate, finished products) and years differ. For "
        "recycled aluminium only indicative values were found.",
    )
    all_urls: list[str] = []
    rows: list[list[Any]] = [
        ["Élément / Item", "kg CO2e/kg", "Année / Year", "Périmètre, note / Scope, note", "Src"]
    ]
    for f in carbon_factors():
        rows.append(
            [
                _fr_en(f.item_fr, f.item),
                figure(f.kg_co2e_per_kg),
                f.year,
                _fr_en(f.note_fr, f.note),
                _source_numbers(all_urls, f.sources),
            ]
        )
    story.append(_table(rows, [60 * mm, 20 * mm, 16 * mm, 70 * mm, 14 * mm]))
    story += _sources(all_urls)
    return _render(story, title="Carbon footprint of aluminium")


def build_tempers_pdf() -> bytes:
    story = _heading(
        "Propriétés mécaniques indicatives d’alliages d’aluminium structuraux",
        "Indicative mechanical properties of structural aluminium alloys",
        "Ftu\u00a0: résistance ultime en traction\u202f; Fty\u00a0: limite élastique en "
        "traction\u202f; Ftuw et "
        "Ftyw\u00a0: mêmes valeurs dans la zone affectée par le soudage\u202f; E\u00a0: module "
        "d’élasticité. "
        "Toutes en MPa. Sources mixtes (limites publiées par des extrudeurs, exemples selon "
        "CSA S157)\u00a0: valeurs indicatives pour l’enseignement, à vérifier dans la norme avant "
        "tout calcul de conception.",
        "Ftu: tensile ultimate strength; Fty: tensile yield strength; Ftuw and Ftyw: the same "
        "in the heat-affected zone of welds; E: modulus of elasticity. All in MPa. Mixed "
        "sources (extruder-published limits, CSA S157 worked examples): indicative values "
        "for teaching, to be checked against the standard before any design calculation.",
    )
    all_urls: list[str] = []
    rows: list[list[Any]] = [
        [
            "Alliage-état / Alloy-temper",
            "Produit, note / Product, note",
            "Ftu",
            "Fty",
            "Ftuw",
            "Ftyw",
            "E",
            "Src",
        ]
    ]
    for t in temper_properties():
        rows.append(
            [
                t.alloy_temper,
                _fr_en(t.product_fr, t.product),
                figure(t.ftu),
                figure(t.fty),
                figure(t.ftuw),
                figure(t.ftyw),
                figure(t.e),
                _source_numbers(all_urls, t.sources),
            ]
        )
    story.append(
        _table(rows, [28 * mm, 62 * mm, 11 * mm, 11 * mm, 11 * mm, 11 * mm, 13 * mm, 20 * mm])
    )
    story += _sources(all_urls)
    return _render(story, title="Mechanical properties of structural aluminium alloys")


# --- The sheets as library resources ------------------------------------------------
@dataclass(frozen=True)
class StarterSheet:
    slug: str
    filename: str
    title_fr: str
    title_en: str
    summary_fr: str
    summary_en: str
    level: str
    disciplines: tuple[str, ...]
    topics: tuple[str, ...]
    csv_name: str
    build: Callable[[], bytes]
    source_urls: Callable[[], list[str]] = field(default=lambda: [])


def _csv_urls(name: str) -> list[str]:
    urls: list[str] = []
    for row in _read(name):
        for url in split_sources(row.get("source_url", "")):
            if url not in urls:
                urls.append(url)
    return urls


SHEETS: list[StarterSheet] = [
    StarterSheet(
        slug="fiche-composition-alliages",
        filename="composition-alliages-aluminium.pdf",
        title_fr="Fiche\u00a0: limites de composition des alliages d’aluminium corroyés et de "
        "fonderie",
        title_en="Sheet: composition limits of wrought and cast aluminium alloys",
        summary_fr=(
            "Pour 22 alliages courants (1050, 1100, 3003, 5052, 6061, 6063, 7075, 356.0, "
            "A380.0 …), les teneurs minimales et maximales de chaque élément en % massique, "
            "avec les sources. Utile pour un cours de métallurgie ou de choix des matériaux."
        ),
        summary_en=(
            "For 22 common alloys (1050, 1100, 3003, 5052, 6061, 6063, 7075, 356.0, A380.0 …), "
            "the minimum and maximum content of each element in % by mass, with sources. "
            "Useful for a metallurgy or materials-selection course."
        ),
        level="college",
        disciplines=("metallurgy", "mechanical", "industrial_design"),
        topics=("alloys_tempers", "casting", "extrusion"),
        csv_name="alloys.csv",
        build=build_alloys_pdf,
    ),
    StarterSheet(
        slug="fiche-classes-ferraille",
        filename="classes-ferraille-isri-en13920.pdf",
        title_fr="Fiche\u00a0: classes de ferraille d’aluminium ISRI et EN 13920",
        title_en="Sheet: ISRI and EN 13920 aluminium scrap grades",
        summary_fr=(
            "Les classes de ferraille ISRI (Taint/Tabor, Tense, Zorba, UBC …) et les 16 "
            "parties de la norme EN 13920, décrites en français et en anglais, avec une "
            "correspondance indicative par famille d’alliages. Pour parler recyclage avec "
            "précision."
        ),
        summary_en=(
            "The ISRI scrap grades (Taint/Tabor, Tense, Zorba, UBC …) and the 16 parts of "
            "EN 13920, described in French and English, with an indicative crosswalk by alloy "
            "family. To talk about recycling precisely."
        ),
        level="college",
        disciplines=("metallurgy", "industrial_design"),
        topics=("sustainability_recycling",),
        csv_name="scrap_grades.csv",
        build=build_scrap_pdf,
    ),
    StarterSheet(
        slug="fiche-empreinte-carbone",
        filename="empreinte-carbone-aluminium.pdf",
        title_fr="Fiche\u00a0: empreinte carbone de l’aluminium primaire et recyclé",
        title_en="Sheet: carbon footprint of primary and recycled aluminium",
        summary_fr=(
            "Facteurs d’émission en kg d’éq.\u00a0CO2 par kg d’aluminium\u00a0: moyenne mondiale, "
            "Europe, Chine, Canada et Québec (hydroélectricité), aluminerie Alouette, "
            "aluminium recyclé, avec le périmètre et la source de chaque valeur."
        ),
        summary_en=(
            "Emission factors in kg CO2e per kg of aluminium: world average, Europe, China, "
            "Canada and Québec (hydropower), the Alouette smelter, recycled aluminium, with "
            "the scope and source of each value."
        ),
        level="university",
        disciplines=("architecture", "civil", "industrial_design", "metallurgy"),
        topics=("sustainability_recycling",),
        csv_name="carbon_factors.csv",
        build=build_carbon_pdf,
    ),
    StarterSheet(
        slug="fiche-proprietes-mecaniques",
        filename="proprietes-mecaniques-alliages-structuraux.pdf",
        title_fr="Fiche\u00a0: propriétés mécaniques indicatives des alliages structuraux",
        title_en="Sheet: indicative mechanical properties of structural alloys",
        summary_fr=(
            "Résistance ultime, limite élastique (y compris en zone soudée) et module "
            "d’élasticité en MPa de 6061-T6, 6063-T6, 6005A-T61, 6082-T6 et 5052-H32, avec "
            "leurs sources. Valeurs indicatives pour un cours de calcul des structures."
        ),
        summary_en=(
            "Ultimate and yield strength (including welded values) and modulus of elasticity "
            "in MPa of 6061-T6, 6063-T6, 6005A-T61, 6082-T6 and 5052-H32, with sources. "
            "Indicative values for a structural design course."
        ),
        level="university",
        disciplines=("civil", "mechanical", "aerospace", "architecture"),
        topics=("structural_design", "alloys_tempers", "joining_welding"),
        csv_name="aluminium_tempers.csv",
        build=build_tempers_pdf,
    ),
]


def sheet_sources(sheet: StarterSheet) -> list[str]:
    return _csv_urls(sheet.csv_name)


def iter_sheets() -> Iterator[StarterSheet]:
    return iter(SHEETS)
