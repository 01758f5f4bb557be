"""The one CSV / XLSX / PDF writer: formula neutralisation, per-language CSV, numbers in XLSX."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from reportlab.platypus import Paragraph

from aluhub.common import documents

DANGEROUS = ["=1+1", "+1", "-1+A1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://e.x","c")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_a_spreadsheet_would_run_is_neutralised(text: str) -> None:
    assert documents.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Alcoa", "", "a=b", 5, -5, Decimal("-1.5"), None])
def test_other_values_are_left_alone(value: object) -> None:
    assert documents.neutralise(value) == value


def _rows(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_french_csv_uses_semicolons_and_decimal_commas() -> None:
    data = documents.csv_bytes(
        ["Nom", "Montant"],
        [["Aluminerie; Alouette", Decimal("1234.50")], ["=cmd", 2.5], ["Élise", None]],
        lang="fr",
    )
    assert _rows(data, ";") == [
        ["Nom", "Montant"],
        ["Aluminerie; Alouette", "1234,5"],
        ["'=cmd", "2,5"],
        ["Élise", ""],
    ]


def test_english_csv_uses_commas_and_decimal_points() -> None:
    data = documents.csv_bytes(
        ["Name", "Amount", "Day"], [["-cmd", Decimal("10.00"), date(2026, 1, 2)]], lang="en"
    )
    assert _rows(data, ",") == [["Name", "Amount", "Day"], ["'-cmd", "10", "2026-01-02"]]


def test_csv_language_follows_the_active_language() -> None:
    from django.utils import translation

    with translation.override("en"):
        assert documents.csv_bytes(["a", "b"], []).decode("utf-8-sig") == "a,b\r\n"
    with translation.override("fr"):
        assert documents.csv_bytes(["a", "b"], []).decode("utf-8-sig") == "a;b\r\n"


def test_xlsx_keeps_numbers_as_numbers_with_formats_and_neutralises_text() -> None:
    data = documents.xlsx_bytes(
        [
            documents.Sheet(
                title="Plan",
                rows=[
                    ["Programme", "Montant", "Part"],
                    ["=HYPERLINK(1)", Decimal("35000000"), 35],
                    [documents.Cell("Total", bold=True), documents.Cell(7, documents.INTEGER)],
                ],
                formats={1: documents.MONEY_CAD, 2: documents.PERCENT},
                widths=[40, 16, 10],
                freeze="A2",
            )
        ]
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    header, row, total = list(sheet.iter_rows())
    assert [c.value for c in header] == ["Programme", "Montant", "Part"]
    assert all(c.font.b for c in header)
    assert row[0].data_type == "s" and row[0].value == "'=HYPERLINK(1)"
    assert row[1].value == 35000000 and row[1].data_type == "n"
    assert row[1].number_format == documents.MONEY_CAD
    assert row[2].value == 35 and row[2].number_format == documents.PERCENT
    assert total[0].font.b and total[1].number_format == documents.INTEGER
    assert sheet.freeze_panes == "A2"


def test_pdf_embeds_one_font_family_for_accents_and_replaces_missing_glyphs() -> None:
    out = io.BytesIO()
    doc = documents.pdf_document(out, title="Été")
    styles = documents.pdf_styles()
    # A narrow no-break space (Babel's French thousands separator) and a subscript.
    text = documents.pdf_text("Œuvre à l’été — 35\u202f000 $ <CO₂>")
    doc.build([Paragraph(text, styles["Title"])])
    data = out.getvalue()
    assert data.startswith(b"%PDF")
    fonts = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([^\s/]+)", data))
    # The title (bold) and the page footer (regular) are in the embedded TrueType family.
    assert {b"BitstreamVeraSans-Bold", b"BitstreamVeraSans-Roman"} <= fonts
    assert documents.pdf_plain("35\u202f000 CO₂") == "35\u00a0000 CO2"


@pytest.mark.parametrize(
    ("active", "given", "expected"), [("fr", None, "fr"), ("en", None, "en"), ("en", "fr", "fr")]
)
def test_pdf_declares_its_language_for_screen_readers(
    active: str, given: documents.Lang | None, expected: str
) -> None:
    from django.utils import translation
    from pypdf import PdfReader

    out = io.BytesIO()
    with translation.override(active):
        doc = documents.pdf_document(out, title="Été", lang=given)
    doc.build([Paragraph("x", documents.pdf_styles()["Normal"])])
    assert PdfReader(io.BytesIO(out.getvalue())).trailer["/Root"]["/Lang"] == expected
