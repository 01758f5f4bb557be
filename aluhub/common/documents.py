"""The one place that writes CSV and XLSX files and sets up ReportLab PDFs.

Every export of the platform goes through here so that three rules hold everywhere:

* **No formula injection** (OWASP "CSV injection"): a text cell that starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading apostrophe, so a
  spreadsheet shows it as text instead of running it. Numbers stay numbers.
* **CSV per language**: French files use ``;`` between fields and a decimal comma (what
  Excel expects in a French locale) and start with a UTF-8 byte-order mark; English files
  use ``,`` and a decimal point (with the same BOM, so accents survive a double-click).
* **XLSX numbers are numbers**: an ``int``/``float``/``Decimal`` is stored as a number with
  a number format (``MONEY_CAD``, ``PERCENT`` ...), never as text like ``"35 000 000 $"``.
  Workbooks are written in openpyxl's streaming (write-only) mode.

PDFs: :func:`pdf_styles` and :func:`pdf_document` give every report the same embedded font
(Bitstream Vera, shipped with ReportLab, so French accents, ``œ``, ``’`` and ``—`` render the
same on every machine) and the same page template (title metadata, page numbers).
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

Lang = Literal["fr", "en"]

#: A text cell starting with one of these is a formula (or becomes one) in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Excel number formats (the reader's Excel shows its own separators).
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
MONEY_CAD = '#,##0 "$"'
MONEY_CAD_EN = '"$"#,##0'
#: For percentages stored as 0-100 (``35`` means 35 %): no multiplication by 100.
PERCENT = '0.## "%"'
DATE = "yyyy-mm-dd"

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def active_lang() -> Lang:
    """The active Django language as ``fr`` or ``en`` (imported late: this module is also
    used where Django is not set up)."""
    from aluhub.common.lang import active_lang as current

    return current()


def export_filename(
    *, fr: str, en: str, ext: str, parts: Sequence[object] = (), lang: Lang | None = None
) -> str:
    """A downloaded file's name in the page's language: ``fr``/``en`` stems (ASCII slugs,
    e.g. ``bilan-massique`` / ``mass-balance``), then ``parts`` (ids, dates, codes) joined
    by ``-``, then ``.ext``. Every export of the platform names its file through this."""
    stem = fr if (lang or active_lang()) == "fr" else en
    return "-".join(str(part) for part in (stem, *parts) if str(part)) + "." + ext


def attachment(response: Any, filename: str) -> Any:
    """Mark ``response`` as a download named ``filename`` (Django quotes it; a non-ASCII
    name gets the RFC 6266 ``filename*`` form) and return it."""
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def neutralise(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet would read as a formula.

    Such text gets a leading apostrophe (OWASP's advice), which spreadsheet programs show
    as the literal text. Non-text values (numbers, dates, None) are returned as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Cell:
    """A value with an explicit XLSX number format (and optionally bold)."""

    value: Any
    number_format: str | None = None
    bold: bool = False


# --- CSV -------------------------------------------------------------------------------


def _csv_text(value: Any, lang: Lang) -> str:
    if isinstance(value, Cell):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        text = f"{value:f}" if isinstance(value, Decimal) else repr(value)
        if "." in text and isinstance(value, Decimal):
            text = text.rstrip("0").rstrip(".") or "0"
        return text.replace(".", ",") if lang == "fr" else text
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return str(neutralise(str(value)))


def csv_bytes(
    header: Sequence[Any] | None, rows: Iterable[Sequence[Any]], *, lang: Lang | None = None
) -> bytes:
    """A CSV file (UTF-8 with BOM) in the conventions of ``lang`` (default: active language)."""
    lang = lang or active_lang()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "fr" else ",", lineterminator="\r\n")
    if header is not None:
        writer.writerow([_csv_text(v, lang) for v in header])
    for row in rows:
        writer.writerow([_csv_text(v, lang) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_response(
    header: Sequence[Any] | None,
    rows: Iterable[Sequence[Any]],
    *,
    filename: str,
    lang: Lang | None = None,
) -> Any:
    """An ``HttpResponse`` that downloads :func:`csv_bytes` as ``filename``."""
    from django.http import HttpResponse

    response = HttpResponse(csv_bytes(header, rows, lang=lang), content_type=CSV_CONTENT_TYPE)
    return attachment(response, filename)


# --- XLSX ------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One worksheet to write: rows of plain values or :class:`Cell`.

    ``formats`` maps a 0-based column index to the number format of the numbers in that
    column; ``bold_rows`` are 0-based row indexes written in bold (e.g. the header);
    ``widths`` are column widths in characters; ``freeze`` is a cell like ``"A2"``.
    """

    title: str
    rows: Iterable[Sequence[Any]]
    formats: Mapping[int, str] | None = None
    bold_rows: Sequence[int] = (0,)
    widths: Sequence[float] = ()
    freeze: str | None = None
    wrap: bool = False


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return neutralise(value)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with ``sheets``, written in openpyxl's write-only (streaming) mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title[:31] or "Sheet")
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
        formats = spec.formats or {}
        bold_rows = set(spec.bold_rows)
        for row_index, row in enumerate(spec.rows):
            cells = []
            for col_index, raw in enumerate(row):
                explicit = raw if isinstance(raw, Cell) else None
                value = _xlsx_value(explicit.value if explicit else raw)
                cell = WriteOnlyCell(sheet, value=value)
                number_format = explicit.number_format if explicit else None
                if (
                    number_format is None
                    and isinstance(value, int | float)
                    and not isinstance(value, bool)
                ):
                    number_format = formats.get(col_index)
                if number_format:
                    cell.number_format = number_format
                if row_index in bold_rows or (explicit and explicit.bold):
                    cell.font = bold
                if spec.wrap and isinstance(value, str):
                    cell.alignment = wrap
                cells.append(cell)
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(sheets: Sequence[Sheet], *, filename: str) -> Any:
    """An ``HttpResponse`` that downloads :func:`xlsx_bytes` as ``filename``."""
    from django.http import HttpResponse

    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    return attachment(response, filename)


def money_format(lang: Lang | None = None) -> str:
    """The XLSX number format of an amount in Canadian dollars for ``lang``."""
    return MONEY_CAD_EN if (lang or active_lang()) == "en" else MONEY_CAD


# --- PDF -------------------------------------------------------------------------------

FONT = "AluHubSans"
FONT_BOLD = "AluHubSans-Bold"
FONT_ITALIC = "AluHubSans-Italic"
FONT_BOLD_ITALIC = "AluHubSans-BoldItalic"

# Characters the embedded font lacks, mapped to ones it has.
_PDF_SPACES = {0x202F: "\u00a0", 0x2009: "\u00a0", 0x2007: "\u00a0", 0x2060: ""}
_registered = False


def register_fonts() -> None:
    """Register the embedded TrueType family once (idempotent)."""
    global _registered
    if _registered:
        return
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).resolve().parent / "fonts"
    for name, file in (
        (FONT, "Vera.ttf"),
        (FONT_BOLD, "VeraBd.ttf"),
        (FONT_ITALIC, "VeraIt.ttf"),
        (FONT_BOLD_ITALIC, "VeraBI.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)
    _registered = True


def _font_has(char: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(FONT).face  # type: ignore[attr-defined]
    return ord(char) in face.charToGlyph


def pdf_plain(text: Any) -> str:
    """``text`` with the characters the font lacks replaced (narrow spaces, subscripts)."""
    register_fonts()
    out = []
    for char in str(text):
        code = ord(char)
        if code in _PDF_SPACES:
            out.append(_PDF_SPACES[code])
        elif code < 0x80 or _font_has(char):
            out.append(char)
        else:
            folded = unicodedata.normalize("NFKC", char)
            out.append(folded if all(_font_has(c) or ord(c) < 0x80 for c in folded) else "?")
    return "".join(out)


def pdf_text(text: Any) -> str:
    """``text`` escaped for a ReportLab ``Paragraph`` (its mini-markup) and font-safe."""
    from xml.sax.saxutils import escape

    return escape(pdf_plain(text))


def pdf_styles() -> Any:
    """ReportLab's sample stylesheet with every style in the embedded font family."""
    from reportlab.lib.styles import getSampleStyleSheet

    register_fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        font = getattr(style, "fontName", "")
        if not font:
            continue
        bold = "Bold" in font
        italic = "Oblique" in font or "Italic" in font
        style.fontName = (
            FONT_BOLD_ITALIC
            if bold and italic
            else FONT_BOLD
            if bold
            else FONT_ITALIC
            if italic
            else FONT
        )
    return styles


def pdf_document(
    out: io.BytesIO,
    *,
    title: str,
    pagesize: tuple[float, float] | None = None,
    margin_mm: float = 15,
    lang: Lang | None = None,
    **kwargs: Any,
) -> Any:
    """A ``SimpleDocTemplate`` with AluHub's page template: metadata and page numbers.

    Build it with ``doc.build(story)``; the footer ("AluHub · page N") is drawn on every page.
    The document's language (``/Lang`` in the catalogue, read by screen readers) is ``lang``,
    by default the active language.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    margin = margin_mm * mm

    class _Document(SimpleDocTemplate):
        def build(self, flowables: list[Any], **build_kwargs: Any) -> None:  # type: ignore[override]
            super().build(flowables, onFirstPage=_footer, onLaterPages=_footer, **build_kwargs)

    def _footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillGray(0.35)
        canvas.drawRightString(
            doc.pagesize[0] - doc.rightMargin, doc.bottomMargin / 2, f"AluHub · {doc.page}"
        )
        canvas.restoreState()

    return _Document(
        out,
        pagesize=pagesize or A4,
        title=pdf_plain(title),
        author="AluHub",
        lang=lang or active_lang(),
        leftMargin=kwargs.pop("leftMargin", margin),
        rightMargin=kwargs.pop("rightMargin", margin),
        topMargin=kwargs.pop("topMargin", margin),
        bottomMargin=kwargs.pop("bottomMargin", margin),
        **kwargs,
    )


def pdf_table(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float],
    font_size: float = 8,
    break_anywhere: Iterable[int] = (),
) -> Any:
    """A report's table: every cell a wrapped paragraph (``pdf_text``), the header row bold on a
    light background and repeated on each page, a thin grid, cells aligned at the top.
    Columns in ``break_anywhere`` (URLs: no spaces) may break inside a word."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    styles = pdf_styles()
    cell = ParagraphStyle(
        "cell", parent=styles["BodyText"], fontSize=font_size, leading=font_size * 1.25
    )
    head = ParagraphStyle("head", parent=cell, fontName=FONT_BOLD)
    anywhere = ParagraphStyle("anywhere", parent=cell, wordWrap="CJK")
    breaking = set(break_anywhere)
    data = [[Paragraph(pdf_text(value), head) for value in header]]
    data.extend(
        [Paragraph(pdf_text(v), anywhere if i in breaking else cell) for i, v in enumerate(row)]
        for row in rows
    )
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
