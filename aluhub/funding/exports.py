"""The programs table ("Table of financing programs available in Québec") as CSV, XLSX
and PDF, in the active language. Every column is filled where the data has it; a blank
fact is written "unknown" in the reader's language, never guessed."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from aluhub.common import documents
from aluhub.common.lang import active_lang
from aluhub.common.regions import region_name
from aluhub.engines.text import colon, format_date, format_money, format_percent

from .models import Program, SupportOrganization
from .selectors import program_organization_names
from .taxonomy import AidType, DeadlineType, Level, Phase, Status, label, labels


def columns() -> list[str]:
    return [
        _("Program"),
        pgettext("program", "Organization"),
        _("Level"),
        _("Aid types"),
        _("Phases"),
        _("Maximum amount (CAD)"),
        _("Cost share"),
        _("Status"),
        _("Deadline"),
        _("URL"),
        _("Source"),
        _("Last verified"),
    ]


def unknown() -> str:
    return pgettext("missing value", "unknown")


def unknown_feminine() -> str:
    """ "inconnue" under a feminine column (Part des coûts, Source, URL, Dernière vérification)."""
    return pgettext("feminine", "unknown")


def unknown_plural() -> str:
    """ "inconnus" under "Types d'aide" (the contexts the program page uses)."""
    return pgettext("plural", "unknown")


def unknown_feminine_plural() -> str:
    """ "inconnues" under "Phases"."""
    return pgettext("feminine plural", "unknown")


def money(value: Decimal | None) -> str:
    """Whole dollars in the page's language (engines.text): ``25 000 $`` / ``$25,000``."""
    if value is None:
        return unknown()
    return format_money(round(value), active_lang())


def percent(value: Decimal | None) -> str:
    """A rate in the page's language (engines.text): ``12,5 %`` / ``12.5%``."""
    if value is None:
        return unknown()
    return format_percent(value, active_lang())


def day(value: date | None) -> str:
    return date_format(value, "Y-m-d") if value else unknown_feminine()  # Dernière vérification


def row(program: Program) -> list[Any]:
    """One program's cells: amounts and percentages as numbers; a blank is "unknown", in
    French agreeing with its column ("Part des coûts : inconnue", "Phases : inconnues")."""
    status = label(Status, program.status)
    if program.status_as_of:
        status = _("%(status)s (as of %(date)s)") % {
            "status": status,
            "date": program.status_as_of.isoformat(),
        }
    deadline = label(DeadlineType, program.deadline_type)
    windows = [
        f"{w.get('opens') or '…'} – {w.get('closes') or '…'}"
        for w in program.intake_windows or []
        if isinstance(w, dict)
    ]
    if windows:  # « Appels de projets : … » / "Calls for projects: …"
        deadline = f"{deadline}{colon(active_lang())} {'; '.join(windows)}"
    return [
        program.name,
        "; ".join(program_organization_names(program, active_lang())) or unknown(),
        label(Level, program.level) if program.level else unknown(),
        ", ".join(labels(AidType, program.aid_types)) or unknown_plural(),
        ", ".join(labels(Phase, program.phases)) or unknown_feminine_plural(),
        unknown() if program.max_amount_cad is None else program.max_amount_cad,
        unknown_feminine() if program.cost_share_pct is None else program.cost_share_pct,
        status,
        deadline,
        program.url or unknown_feminine(),
        program.source_url or unknown_feminine(),
        day(program.last_verified),
    ]


#: Columns of :func:`row` that hold a money amount and a percentage.
MONEY_COLUMN, PERCENT_COLUMN = 5, 6


def table(programs: Sequence[Program]) -> list[list[Any]]:
    return [row(p) for p in programs]


def printed(values: Sequence[Any]) -> list[str]:
    """A row as people read it (PDF): amounts and percentages written out."""
    cells = [str(v) for v in values]
    if isinstance(values[MONEY_COLUMN], Decimal | int | float):
        cells[MONEY_COLUMN] = money(Decimal(values[MONEY_COLUMN]))
    if isinstance(values[PERCENT_COLUMN], Decimal | int | float):
        cells[PERCENT_COLUMN] = percent(Decimal(values[PERCENT_COLUMN]))
    return cells


def title() -> str:
    return _("Financing programs available in Québec")


def to_csv(programs: Sequence[Program]) -> bytes:
    return documents.csv_bytes(columns(), table(programs))


def to_xlsx(programs: Sequence[Program]) -> bytes:
    sheet = documents.Sheet(
        title=_("Programs"),
        rows=[columns(), *table(programs)],
        formats={MONEY_COLUMN: documents.money_format(), PERCENT_COLUMN: documents.PERCENT},
        widths=[50, 30, 14, 28, 34, 16, 12, 24, 24, 40, 40, 14],
        freeze="A2",
        wrap=True,
    )
    return documents.xlsx_bytes([sheet])


def to_pdf(programs: Sequence[Program], *, generated_on: date) -> bytes:
    from reportlab.lib.pagesizes import landscape, legal
    from reportlab.lib.units import mm

    fractions = [0.14, 0.1, 0.06, 0.08, 0.1, 0.07, 0.05, 0.08, 0.07, 0.1, 0.1, 0.05]
    subtitle = ngettext(
        "%(count)s program · generated on %(date)s · source: AluHub",
        "%(count)s programs · generated on %(date)s · source: AluHub",
        len(programs),
    ) % {
        "count": len(programs),
        "date": format_date(generated_on, active_lang()),
    }
    return _pdf(
        title(),
        subtitle,
        columns(),
        [printed(values) for values in table(programs)],
        fractions=fractions,
        break_anywhere=(9, 10),  # the two URL columns
        pagesize=landscape(legal),
        font_size=6.5,
        top_margin=10 * mm,
    )


def _pdf(
    heading: str,
    subtitle: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    fractions: Sequence[float],
    break_anywhere: Sequence[int],
    pagesize: tuple[float, float],
    font_size: float,
    top_margin: float,
) -> bytes:
    """A titled one-table report (the programs table, the export-support guide)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    out = io.BytesIO()
    doc = documents.pdf_document(
        out, title=heading, pagesize=pagesize, margin_mm=8, topMargin=top_margin
    )
    styles = documents.pdf_styles()
    grid = documents.pdf_table(
        header,
        rows,
        widths=[f * doc.width for f in fractions],
        font_size=font_size,
        break_anywhere=break_anywhere,
    )
    doc.build(
        [
            Paragraph(documents.pdf_text(heading), styles["Title"]),
            Paragraph(documents.pdf_text(subtitle), styles["Normal"]),
            Spacer(1, 4 * mm),
            grid,
        ]
    )
    return out.getvalue()


# ------------------------------------------- the guide to export-support organizations


def support_columns() -> list[str]:
    return [
        pgettext("export support", "Organization"),
        _("Regions served"),
        _("Services"),
        _("Website"),
        _("Source"),
        _("Last verified"),
    ]


def support_row(organization: SupportOrganization) -> list[str]:
    """One body's cells; a blank is "unknown" agreeing with its column, as in the programs
    table ("Services : inconnus", "Source : inconnue")."""
    lang = active_lang()
    regions = ", ".join(region_name(code) for code in organization.regions or [])
    return [
        organization.name_in(lang),
        regions or _("All of Québec"),
        organization.services or unknown_plural(),
        organization.url or unknown(),
        organization.source_url or unknown_feminine(),
        day(organization.last_verified),
    ]


def support_title() -> str:
    return _("Guide to export-support organizations in Québec")


def support_subtitle(count: int, region: str, generated_on: date) -> str:
    date_text = format_date(generated_on, active_lang())
    if region:
        return ngettext(
            "%(count)s organization serves %(region)s · generated on %(date)s · source: AluHub",
            "%(count)s organizations serve %(region)s · generated on %(date)s · source: AluHub",
            count,
        ) % {"count": count, "region": region_name(region), "date": date_text}
    return ngettext(
        "%(count)s organization · generated on %(date)s · source: AluHub",
        "%(count)s organizations · generated on %(date)s · source: AluHub",
        count,
    ) % {"count": count, "date": date_text}


def support_to_csv(organizations: Sequence[SupportOrganization]) -> bytes:
    return documents.csv_bytes(support_columns(), [support_row(o) for o in organizations])


def support_to_xlsx(organizations: Sequence[SupportOrganization]) -> bytes:
    sheet = documents.Sheet(
        title=_("Export support"),
        rows=[support_columns(), *[support_row(o) for o in organizations]],
        widths=[40, 30, 70, 40, 40, 14],
        freeze="A2",
        wrap=True,
    )
    return documents.xlsx_bytes([sheet])


def support_to_pdf(
    organizations: Sequence[SupportOrganization], *, region: str, generated_on: date
) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm

    return _pdf(
        support_title(),
        support_subtitle(len(organizations), region, generated_on),
        support_columns(),
        [support_row(o) for o in organizations],
        fractions=[0.18, 0.14, 0.34, 0.13, 0.13, 0.08],
        break_anywhere=(3, 4),  # the two URL columns
        pagesize=landscape(A4),
        font_size=7.5,
        top_margin=10 * mm,
    )
