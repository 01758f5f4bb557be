"""Finding 3 of issue #15: a BoM file is read row by row with a cap and a clear error."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from aluhub.challenge import uploads
from aluhub.challenge.uploads import BomFileError, read_bom


def _xlsx(rows: int, *, wide: bool = False) -> SimpleUploadedFile:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["name", "material", "quantity", "mass_kg"])
    for n in range(rows):
        extra = [None] * 200 + ["far away"] if wide else []
        sheet.append([f"part {n}", "al-6061-extrusion", 1, 2.5, *extra])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("bom.xlsx", out.getvalue())


def test_an_xlsx_over_the_row_cap_is_refused_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uploads, "MAX_BOM_ROWS", 101)
    assert len(read_bom(_xlsx(100), "xlsx")) == 100
    with pytest.raises(BomFileError, match="100"):
        read_bom(_xlsx(5_000), "xlsx")


def test_a_csv_over_the_row_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_BOM_ROWS", 11)
    lines = "name,material,quantity\n" + "beam,al-6061-extrusion,1\n" * 50
    with pytest.raises(BomFileError):
        read_bom(SimpleUploadedFile("bom.csv", lines.encode()), "csv")


def test_only_the_first_columns_of_a_wide_sheet_are_read() -> None:
    items = read_bom(_xlsx(3, wide=True), "xlsx")
    assert [i["name"] for i in items] == ["part 0", "part 1", "part 2"]
    assert items[0] == {
        "name": "part 0",
        "material": "al-6061-extrusion",
        "quantity": 1.0,
        "mass_kg": 2.5,
    }


def test_the_cap_is_the_design_checkers_item_cap() -> None:
    from aluhub.common.jsonio import ENGINE_LIMITS

    assert uploads.MAX_BOM_ROWS == ENGINE_LIMITS["check_design"].arrays["items"] + 1
