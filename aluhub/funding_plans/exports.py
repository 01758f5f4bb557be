"""Exports: a financing plan as PDF (reportlab) and XLSX (openpyxl), the application
dashboard as CSV. Texts in the active language; the numbers are the saved plan's."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from aluhub.engines.matching import format_cad
from aluhub.funding.taxonomy import AidType, label

from .models import Application, FinancingPlan


def _lang() -> str:
    from django.utils.translation import get_language

    return "en" if (get_language() or "fr").startswith("en") else "fr"


_SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")
# A list of criterion codes, in brackets or after a colon, as the plan engine writes them.
_CRITERIA = re.compile(r"(?<=\()[a-z_]+(?:, [a-z_]+)*(?=\))|(?<=: )[a-z_]+(?:, [a-z_]+)*(?=\.)")


def program_names() -> dict[str, str]:
    """slug -> program name in the active language."""
    from aluhub.funding.engine_source import get_engine_programs

    lang = _lang()
    return {p.slug: p.name(lang) for p in get_engine_programs()}  # type: ignore[arg-type]


def readable(text: str, names: Mapping[str, str]) -> str:
    """The plan engine's sentences name programs by slug and criteria by code: show names.

    The saved result (and the API) keeps the slugs; only what people read changes."""
    from aluhub.funding.templatetags.funding import criterion_label

    text = _SLUG.sub(lambda m: names.get(m.group(0), m.group(0)), text)

    def criteria(m: re.Match[str]) -> str:
        codes = m.group(0).split(", ")
        labels = [criterion_label(c) for c in codes]
        if any(label == code for label, code in zip(labels, codes, strict=True)):
            return m.group(0)  # not (only) criterion codes: leave the words alone
        return ", ".join(label.lower() for label in labels)

    return _CRITERIA.sub(criteria, text)


def plan_warnings(
    plan: FinancingPlan,
    names: Mapping[str, str] | None = None,
    result: Mapping[str, Any] | None = None,
) -> list[str]:
    names = program_names() if names is None else names
    result = plan.result if result is None else result
    return [readable(w, names) for w in result.get("warnings", [])]


def instrument_label(code: str) -> str:
    return label(AidType, code)


def bound_label(code: str) -> str:
    return {
        "cost_share": _("cost share"),
        "max_amount": _("maximum amount"),
        "eligible_costs": _("eligible costs"),
        "public_aid_cap": _("public-aid cap"),
        "program_aid_cap": _("a program's stacking limit"),
    }.get(code, code)


def plan_rows(
    plan: FinancingPlan,
    names: Mapping[str, str] | None = None,
    result: Mapping[str, Any] | None = None,
) -> list[list[Any]]:
    names = program_names() if names is None else names
    result = plan.result if result is None else result
    rows: list[list[Any]] = []
    for line in result.get("lines", []):
        slug = line.get("program", "")
        rows.append(
            [
                # The reader's language even when the stored lines are shown.
                names.get(slug, line.get("name", "")),
                line.get("program", ""),
                instrument_label(line.get("instrument", "")),
                line.get("amount_cad", 0),
                bound_label(line.get("bound", "")),
                readable(line.get("why", ""), names),
            ]
        )
    return rows


def plan_totals(
    plan: FinancingPlan, result: Mapping[str, Any] | None = None
) -> list[tuple[str, Any]]:
    r = plan.result if result is None else result
    return [
        (_("Grants"), r.get("total_grant_cad", 0)),
        (_("Tax credits"), r.get("total_tax_credit_cad", 0)),
        (_("Total non-repayable aid"), r.get("total_non_repayable_cad", 0)),
        (_("Total repayable aid"), r.get("total_repayable_cad", 0)),
        (_("Total aid"), r.get("total_aid_cad", 0)),
        (_("Eligible costs"), r.get("eligible_costs_cad", 0)),
    ]


def _headers() -> list[str]:
    return [
        _("Program"),
        _("Identifier"),
        _("Instrument"),
        _("Amount (CAD)"),
        _("Bounded by"),
        _("Why"),
    ]


def catalogue_changed_notice() -> str:
    return _("The catalogue changed since this plan was computed: re-run it.")


def plan_xlsx(
    plan: FinancingPlan, result: Mapping[str, Any] | None = None, catalogue_changed: bool = False
) -> bytes:
    """The plan as a workbook; ``result`` is the one shown to the reader (its language)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    if not isinstance(ws, Worksheet):  # pragma: no cover - a new workbook has one sheet
        raise TypeError("no worksheet")
    ws.title = _("Plan")[:31]
    ws.append([plan.title])
    ws["A1"].font = Font(bold=True, size=14)
    result = plan.result if result is None else result
    ws.append([plan.organization.name])
    ws.append([catalogue_changed_notice() if catalogue_changed else ""])
    ws.append(_headers())
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for row in plan_rows(plan, result=result):
        ws.append(row)
        ws.cell(row=ws.max_row, column=4).number_format = "#,##0"
    ws.append([])
    for name, value in plan_totals(plan, result):
        ws.append([name, "", "", value])
        ws.cell(row=ws.max_row, column=4).number_format = "#,##0"
    ws.append(
        [
            _("Share of eligible costs"),
            "",
            "",
            "{} % / {} %".format(
                result.get("public_aid_pct", 0), result.get("public_aid_cap_pct", 0)
            ),
        ]
    )
    warnings = plan_warnings(plan, result=result)
    if warnings:
        ws.append([])
        ws.append([_("Warnings")])
        for w in warnings:
            ws.append([w])
    for column, width in zip("ABCDEF", (45, 30, 22, 16, 22, 80), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def plan_pdf(
    plan: FinancingPlan, result: Mapping[str, Any] | None = None, catalogue_changed: bool = False
) -> bytes:
    """The plan as a PDF; ``result`` is the one shown to the reader (its language)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    lang = _lang()
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(letter), title=plan.title)
    story: list[Any] = [
        Paragraph(_escape(plan.title), styles["Title"]),
        Paragraph(_escape(plan.organization.name), styles["Normal"]),
        Spacer(1, 12),
    ]
    result = plan.result if result is None else result
    if catalogue_changed:
        story[2:2] = [Paragraph(_escape(catalogue_changed_notice()), styles["Normal"])]
    data: list[list[Any]] = [[Paragraph(f"<b>{_escape(h)}</b>", small) for h in _headers()]]
    for row in plan_rows(plan, result=result):
        data.append(
            [
                Paragraph(_escape(str(row[0])), small),
                Paragraph(_escape(str(row[1])), small),
                Paragraph(_escape(str(row[2])), small),
                Paragraph(_escape(format_cad(row[3], lang)), small),  # type: ignore[arg-type]
                Paragraph(_escape(str(row[4])), small),
                Paragraph(_escape(str(row[5])), small),
            ]
        )
    if len(data) == 1:
        story.append(Paragraph(_escape(_("No quantifiable aid for this project.")), small))
    else:
        table = Table(data, colWidths=[150, 110, 80, 70, 80, 230], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    story.append(Spacer(1, 12))
    totals = [
        [_escape(name), _escape(format_cad(value, lang))]  # type: ignore[arg-type]
        for name, value in plan_totals(plan, result)
    ]
    story.append(Table(totals, colWidths=[200, 120]))
    warnings = plan_warnings(plan, result=result)
    if warnings:
        story.append(Spacer(1, 12))
        story.append(Paragraph(_escape(_("Warnings")), styles["Heading3"]))
        for w in warnings:
            story.append(Paragraph("• " + _escape(w), small))
    doc.build(story)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def applications_csv(applications: Iterable[Application]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Organization"),
            _("Region"),
            _("Program"),
            _("Phases"),
            _("Stage"),
            _("Amount requested (CAD)"),
            _("Amount approved (CAD)"),
            _("Amount paid (CAD)"),
            _("Submitted on"),
            _("Decided on"),
            _("Paid on"),
        ]
    )
    for a in applications:
        writer.writerow(
            [
                a.organization.name,
                a.organization.region,
                a.program.slug,
                ";".join(a.program.phases),
                a.stage,
                "" if a.amount_requested_cad is None else a.amount_requested_cad,
                "" if a.amount_approved_cad is None else a.amount_approved_cad,
                "" if a.amount_paid_cad is None else a.amount_paid_cad,
                a.submitted_on or "",
                a.decided_on or "",
                a.paid_on or "",
            ]
        )
    return out.getvalue()
