"""Exports: a financing plan as PDF and XLSX, the application dashboard as CSV, all written
through :mod:`aluhub.common.documents`. Texts in the active language; the numbers are the
saved plan's."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from aluhub.common import documents
from aluhub.common.lang import active_lang
from aluhub.common.mail import site_url
from aluhub.engines.matching import format_cad
from aluhub.engines.text import format_percent
from aluhub.funding.taxonomy import AidType, label

from . import presenters
from .models import Application, FinancingPlan


def instrument_label(code: str) -> str:
    return label(AidType, code)


def bound_label(code: str) -> str:
    """What bounds a line's amount, in words (the engine's codes never reach a reader)."""
    return {
        "per_unit": _("amount per unit"),
        "to_confirm": _("to confirm with the funder"),
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
    names = presenters.program_names() if names is None else names
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
                # A pinned program the plan cannot quantify has no amount, not 0 $.
                None if line.get("amount_to_confirm") else line.get("amount_cad", 0),
                bound_label(line.get("bound", "")),
                presenters.line_why(line, names),
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
        pgettext("plan line", "Why"),
    ]


def left_out_rows(result: Mapping[str, Any]) -> list[list[str]]:
    """The eligible programs the plan does not use: name, identifier, aid, amount
    ("unknown": the plan gives them none), the link to the program's page and why (the
    columns of the plan's lines, the link where a line says what bounds it)."""
    return [
        [
            item.name,
            item.program,
            item.instrument,
            _("unknown"),
            site_url(reverse("funding:program_detail", args=[item.program])),
            item.why,
        ]
        for item in presenters.left_out(result)
    ]


def left_out_title() -> str:
    return _("Also eligible, not in the plan")


def _left_out_headers() -> list[str]:
    return [
        _("Program"),
        _("Identifier"),
        _("Instrument"),
        _("Amount (CAD)"),
        _("Link"),
        _("Why it is not in the plan"),
    ]


def amount_to_confirm() -> str:
    return _("amount to confirm")


def catalogue_changed_notice() -> str:
    return _("The catalogue changed since this plan was computed: re-run it.")


def plan_xlsx(
    plan: FinancingPlan, result: Mapping[str, Any] | None = None, catalogue_changed: bool = False
) -> bytes:
    """The plan as a workbook; ``result`` is the one shown to the reader (its language).

    Written by :mod:`aluhub.common.documents`: a title or name that starts like a formula
    stays text, amounts are numbers in dollars."""
    result = plan.result if result is None else result
    money = documents.money_format()
    rows: list[list[Any]] = [
        [documents.Cell(plan.title, bold=True)],
        [plan.organization.name],
        [catalogue_changed_notice() if catalogue_changed else ""],
        _headers(),
        *(
            [*row[:3], amount_to_confirm() if row[3] is None else row[3], *row[4:]]
            for row in plan_rows(plan, result=result)
        ),
        [],
    ]
    for name, value in plan_totals(plan, result):
        rows.append([name, "", "", documents.Cell(value, money)])
    rows.append(
        [
            _("Share of eligible costs"),
            "",
            "",
            " / ".join(
                format_percent(result.get(key, 0), active_lang())
                for key in ("public_aid_pct", "public_aid_cap_pct")
            ),
        ]
    )
    warnings = presenters.plan_warnings(result)
    if warnings:
        rows += [[], [documents.Cell(_("Warnings"), bold=True)], *([w] for w in warnings)]
    sheet = documents.Sheet(
        title=_("Plan"),
        rows=rows,
        formats={3: money},
        bold_rows=(3,),
        widths=(45, 30, 22, 16, 22, 80),
    )
    sheets = [sheet]
    left = left_out_rows(result)
    if left:
        # Their own sheet: the plan's sheet keeps amounts in its money column.
        sheets.append(
            documents.Sheet(
                title=_("Not in the plan"),
                rows=[[documents.Cell(left_out_title(), bold=True)], _left_out_headers(), *left],
                bold_rows=(1,),
                widths=(45, 30, 22, 16, 50, 80),
            )
        )
    return documents.xlsx_bytes(sheets)


def plan_pdf(
    plan: FinancingPlan, result: Mapping[str, Any] | None = None, catalogue_changed: bool = False
) -> bytes:
    """The plan as a PDF; ``result`` is the one shown to the reader (its language)."""
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.platypus import Paragraph, Spacer, Table

    lang = documents.active_lang()
    text = documents.pdf_text
    styles = documents.pdf_styles()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    doc = documents.pdf_document(out, title=plan.title, pagesize=landscape(letter))
    story: list[Any] = [
        Paragraph(text(plan.title), styles["Title"]),
        Paragraph(text(plan.organization.name), styles["Normal"]),
        Spacer(1, 12),
    ]
    result = plan.result if result is None else result
    if catalogue_changed:
        story[2:2] = [Paragraph(text(catalogue_changed_notice()), styles["Normal"])]
    cells = [
        [*row[:3], amount_to_confirm() if row[3] is None else format_cad(row[3], lang), *row[4:]]
        for row in plan_rows(plan, result=result)
    ]
    if not cells:
        story.append(Paragraph(text(_("No quantifiable aid for this project.")), small))
    else:
        story.append(
            documents.pdf_table(_headers(), cells, widths=[150, 110, 80, 70, 80, 230], font_size=8)
        )
    story.append(Spacer(1, 12))
    totals = [
        [Paragraph(text(name), small), Paragraph(text(format_cad(value, lang)), small)]
        for name, value in plan_totals(plan, result)
    ]
    story.append(Table(totals, colWidths=[200, 120]))
    warnings = presenters.plan_warnings(result)
    if warnings:
        story.append(Spacer(1, 12))
        story.append(Paragraph(text(_("Warnings")), styles["Heading3"]))
        for w in warnings:
            story.append(Paragraph("• " + text(w), small))
    left = left_out_rows(result)
    if left:
        story.append(Spacer(1, 12))
        story.append(Paragraph(text(left_out_title()), styles["Heading3"]))
        # Without the identifier column: the link names the program's page.
        story.append(
            documents.pdf_table(
                [h for i, h in enumerate(_left_out_headers()) if i != 1],
                [[v for i, v in enumerate(row) if i != 1] for row in left],
                widths=[150, 80, 60, 180, 250],
                font_size=8,
                break_anywhere=(3,),
            )
        )
    doc.build(story)
    return out.getvalue()


def applications_csv(applications: Iterable[Application]) -> bytes:
    """The staff tracking table as CSV in the active language's conventions (through
    :mod:`aluhub.common.documents`, so a name that starts like a formula stays text)."""
    header = [
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
    rows = (
        [
            a.organization.name,
            a.organization.region,
            a.program.slug,
            " ".join(a.program.phases),
            a.stage,
            a.amount_requested_cad,
            a.amount_approved_cad,
            a.amount_paid_cad,
            a.submitted_on,
            a.decided_on,
            a.paid_on,
        ]
        for a in applications
    )
    return documents.csv_bytes(header, rows)
