"""Upload checks (type by content, size) and the bill-of-materials file reader.

A bill of materials (BoM) file has one row per item with the columns
``name, material, quantity, mass_kg, volume_m3, scope`` (CSV, UTF-8, comma separated, or
semicolon separated as a spreadsheet set to French writes it, with a header row; or XLSX with
the same header on the first sheet). ``material`` is a material id of
the shipped table (aluhub/data/materials.csv); give ``mass_kg`` or ``volume_m3`` per unit;
``scope`` is optional (e.g. ``foundation``, which an edition's rule may exclude).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from aluhub.common.jsonio import ENGINE_LIMITS
from aluhub.common.uploads import check_upload
from aluhub.engines.errors import EngineInputError

from .models import scope_code

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
BOM_COLUMNS = ("name", "material", "quantity", "mass_kg", "volume_m3", "scope")


def validate_upload(upload: UploadedFile, allowed: set[str]) -> str:
    """Raise ValidationError unless the file is at most 5 MB and of an allowed type."""
    return check_upload(
        upload,
        name=upload.name or "",
        size=upload.size,
        accepted=dict.fromkeys(allowed, MAX_UPLOAD_BYTES),
        check_extension=False,
        type_error=_("This file type is not accepted here (accepted: %(types)s).")
        % {"types": ", ".join(sorted(t.upper() for t in allowed))},
    )


#: Why an uploaded bill of materials could not be checked: a code -> its sentence (an
#: English msgid with %-parameters), said in the reader's language by
#: :func:`bom_error_message` from the code and parameters stored with the submission.
BOM_ERRORS: dict[str, str] = {
    "cell_not_a_number": gettext_noop(
        "Line %(line)s, column %(column)s: not a number (%(value)s)."
    ),
    "missing_columns": gettext_noop("Missing column(s): %(columns)s. Expected: %(expected)s."),
    "too_many_lines": gettext_noop(
        "The file has more than %(n)s lines: split the bill of materials."
    ),
    "xlsx_unreadable": gettext_noop("The XLSX file cannot be read."),
    "csv_not_utf8": gettext_noop("The CSV file must be encoded in UTF-8."),
    "csv_unreadable": gettext_noop("The CSV file cannot be read."),
    "empty_file": gettext_noop("The file is empty."),
    "no_items": gettext_noop("The file has no item line under its header."),
    "unknown_material": gettext_noop(
        "Line %(line)s: unknown material “%(material)s”. Use a code of the materials "
        "table shown on the edition page."
    ),
    "no_quantity": gettext_noop("Line %(line)s: give mass_kg or volume_m3."),
    "blank_quantity": gettext_noop("Line %(line)s: give the quantity (the number of units)."),
    "no_density": gettext_noop(
        "Line %(line)s: the material %(material)s has no density: give mass_kg."
    ),
    "not_positive": gettext_noop("Line %(line)s, column %(column)s: must be greater than 0."),
    "negative": gettext_noop("Line %(line)s, column %(column)s: must not be negative."),
    "not_a_number": gettext_noop("Line %(line)s, column %(column)s: must be a finite number."),
    # The engine's own (English) sentence about a cell, ``problem``.
    "cell_problem": gettext_noop("Line %(line)s, column %(column)s: %(problem)s"),
}
#: The code of a note that carries its sentence (``params["text"]``) as it was written.
VERBATIM = "text"


def bom_error_message(note: dict[str, Any]) -> str:
    """The sentence of a BoM error note (``{"code", "params"}``) in the active language."""
    code, params = str(note.get("code", "")), dict(note.get("params") or {})
    if code not in BOM_ERRORS:
        return str(params.get("text", ""))
    if code == "missing_columns":
        # In the singular or the plural; the table keeps the wording of the sentences stored
        # before the codes (« Colonne(s) manquante(s) »), which migration 0005 reads.
        count = len(str(params.get("columns", "")).split(", "))
        return (
            ngettext(
                "Missing column: %(columns)s. Expected: %(expected)s.",
                "Missing columns: %(columns)s. Expected: %(expected)s.",
                count,
            )
            % params
        )
    return _(BOM_ERRORS[code]) % params


class BomFileError(ValueError):
    """A BoM file that cannot be read: a code of :data:`BOM_ERRORS` and its parameters (the
    line or column); ``str()`` is the sentence in the active language."""

    def __init__(self, code: str, **params: Any) -> None:
        self.note: dict[str, Any] = {"code": code, "params": params}
        super().__init__(bom_error_message(self.note))


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _number(value: Any, line: int, column: str) -> float | None:
    value = _cell(value)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):  # "nan" and "inf" are read by float() too
        raise BomFileError("cell_not_a_number", line=line, column=column, value=str(value))
    return number


def _rows_to_items(
    header: list[Any], rows: list[tuple[int, list[Any]]], lines: list[int] | None = None
) -> list[dict[str, Any]]:
    """The items of ``rows`` (file line, cells); the file line of each item is appended to
    ``lines`` when given (blank rows give no item)."""
    names = [str(h or "").strip().lower() for h in header]
    missing = [c for c in ("name", "material", "quantity") if c not in names]
    if missing:
        raise BomFileError(
            "missing_columns", columns=", ".join(missing), expected=", ".join(BOM_COLUMNS)
        )
    items: list[dict[str, Any]] = []
    for line, row in rows:
        cells = dict(zip(names, row, strict=False))
        if all(_cell(v) is None for v in cells.values()):
            continue
        quantity = _number(cells.get("quantity"), line, "quantity")
        if quantity is None:
            # The checker would count one unit: 20 steel beams left blank would weigh one.
            raise BomFileError("blank_quantity", line=line)
        item: dict[str, Any] = {
            "name": str(_cell(cells.get("name")) or ""),
            "material": str(_cell(cells.get("material")) or ""),
            "quantity": quantity,
        }
        for col in ("mass_kg", "volume_m3"):
            value = _number(cells.get(col), line, col)
            if value is not None:
                item[col] = value
        scope = _cell(cells.get("scope"))
        if scope is not None:
            # The edition page names the excluded scopes in the reader's language.
            item["scope"] = scope_code(str(scope))
        items.append(item)
        if lines is not None:
            lines.append(line)
    return items


#: Most rows a BoM file may have (header included): the design checker's item cap
#: (``jsonio.ENGINE_LIMITS["check_design"]``) plus the header.
MAX_BOM_ROWS = ENGINE_LIMITS["check_design"].arrays["items"] + 1
#: Columns read from each XLSX row (the BoM has six; a few spare for extra columns).
MAX_BOM_COLUMNS = 20


def _capped(rows: Iterator[Any]) -> list[list[Any]]:
    """At most MAX_BOM_ROWS rows, read one at a time; BomFileError beyond that."""
    out: list[list[Any]] = []
    for row in rows:
        if len(out) >= MAX_BOM_ROWS:
            raise BomFileError("too_many_lines", n=MAX_BOM_ROWS - 1)
        out.append(list(row))
    return out


def _delimiter(text: str) -> str:
    """The CSV's separator: a semicolon when the header row has one and no comma (a
    spreadsheet set to French writes ``name;material;…`` and decimal commas), else a comma."""
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def read_bom(
    upload: UploadedFile, kind: str, lines: list[int] | None = None
) -> list[dict[str, Any]]:
    """BoM items as the design checker's JSON ``items`` (numbers as floats); the file line
    of each item is appended to ``lines`` when given.

    An XLSX is streamed (openpyxl read-only mode, the first columns only) and reading
    stops at MAX_BOM_ROWS, so a small file declaring a huge sheet cannot tie a worker up.
    """
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if kind == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise BomFileError("xlsx_unreadable") from exc
        try:
            sheet = book.worksheets[0]
            all_rows = _capped(sheet.iter_rows(values_only=True, max_col=MAX_BOM_COLUMNS))
        except BomFileError:
            raise
        except Exception as exc:  # a broken sheet inside a valid archive
            raise BomFileError("xlsx_unreadable") from exc
        finally:
            book.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BomFileError("csv_not_utf8") from exc
        try:
            all_rows = _capped(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
        except csv.Error as exc:
            raise BomFileError("csv_unreadable") from exc
    if not all_rows:
        raise BomFileError("empty_file")
    rows = [(n, r) for n, r in enumerate(all_rows[1:], start=2)]
    return _rows_to_items(all_rows[0], rows, lines)


def bom_error_note(exc: EngineInputError, lines: list[int]) -> dict[str, Any]:
    """The design checker's refusal of an uploaded BoM as a note (``{"code", "params"}``)
    naming the file's line and column, for :func:`bom_error_message` (the engine's English
    sentence stays for the CLI and the API)."""
    found = re.fullmatch(r"items\[(\d+)\](?:\.(\w+))?", exc.field)
    index = int(found.group(1)) if found else -1
    if exc.code == "no_items":
        return {"code": "no_items", "params": {}}
    if not 0 <= index < len(lines):
        return {"code": VERBATIM, "params": {"text": f"{exc.field}: {exc.message}"}}
    where: dict[str, Any] = {"line": lines[index], "column": found.group(2) if found else ""}
    material = str(exc.params.get("material", ""))
    if exc.code in ("unknown_material", "no_density"):
        return {"code": exc.code, "params": {"line": where["line"], "material": material}}
    if exc.code == "no_quantity":
        return {"code": exc.code, "params": {"line": where["line"]}}
    if exc.code in ("not_positive", "negative", "not_a_number"):
        return {"code": exc.code, "params": where}
    if where["column"]:
        return {"code": "cell_problem", "params": {**where, "problem": exc.message}}
    return {"code": VERBATIM, "params": {"text": f"{exc.field}: {exc.message}"}}
