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
from django.utils.translation import pgettext

from aluhub.common import documents
from aluhub.common.lang import active_lang
from aluhub.engines.text import colon, format_date, format_money, format_percent

from .models import Program
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
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, legal
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    out = io.BytesIO()
    doc = documents.pdf_document(
        out, title=title(), pagesize=landscape(legal), margin_mm=8, topMargin=10 * mm
    )
    styles = documents.pdf_styles()
    cell = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=6.5, leading=8)
    head = ParagraphStyle("head", parent=cell, fontName=documents.FONT_BOLD)
    # URLs have no spaces: let them break anywhere.
    url_style = ParagraphStyle("url", parent=cell, wordWrap="CJK")
    url_columns = {9, 10}
    text = documents.pdf_text
    data = [[Paragraph(text(c), head) for c in columns()]]
    for values in table(programs):
        data.append(
            [
                Paragraph(text(v), url_style if i in url_columns else cell)
                for i, v in enumerate(printed(values))
            ]
        )
    width = doc.width
    fractions = [0.14, 0.1, 0.06, 0.08, 0.1, 0.07, 0.05, 0.08, 0.07, 0.1, 0.1, 0.05]
    grid = Table(data, colWidths=[f * width for f in fractions], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    subtitle = _("%(count)s programs · generated on %(date)s · source: AluHub") % {
        "count": len(programs),
        "date": format_date(generated_on, active_lang()),
    }
    doc.build(
        [
            Paragraph(text(title()), styles["Title"]),
            Paragraph(text(subtitle), styles["Normal"]),
            Spacer(1, 4 * mm),
            grid,
        ]
    )
    return out.getvalue()
