"""Staff CSV import of programs: upload, column mapping, per-row review."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from aluhub.accounts.models import User
from aluhub.common import uploads
from aluhub.common.search import fold
from aluhub.common.slugs import unique_slug
from aluhub.engines.text import Lang, Note, colon
from aluhub.funding import services as funding_services
from aluhub.funding.curation.models import (
    ImportBatch,
    ImportRow,
    ImportRowStatus,
)
from aluhub.funding.models import Program

from .services import (
    EDITABLE_FIELDS,
    FieldValueError,
    field_error_message,
    parse_field,
    plain,
    program_field_value,
)

# =================================================================== CSV import

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
IMPORT_KEY = "slug"


def _read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = [c.strip() for c in (reader.fieldnames or []) if c is not None]
    rows = [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    return columns, rows


@transaction.atomic
def import_create(*, user: User, filename: str, data: bytes) -> ImportBatch:
    """Store an uploaded CSV after checking it is UTF-8 text with a header row."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s.")
                % {"limit": uploads.megabytes(MAX_IMPORT_BYTES)}
            }
        )
    if b"\x00" in data[:4096]:
        raise ValidationError({"file": _("This is not a CSV text file.")})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The file must be encoded in UTF-8.")}) from None
    try:
        columns, rows = _read_csv(text)
    except csv.Error:
        raise ValidationError({"file": _("This is not a readable CSV file.")}) from None
    if not columns or len(set(columns)) != len(columns):
        raise ValidationError({"file": _("The first row must name every column once.")})
    if not rows:
        raise ValidationError({"file": _("The file has no data rows.")})
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError({"file": _("The file has more than 5000 rows.")})
    return ImportBatch.objects.create(
        uploaded_by=user, filename=filename[:200], csv_text=text, columns=columns
    )


IMPORT_ORGANIZATION = "organization"
IMPORT_TARGETS = (IMPORT_KEY, IMPORT_ORGANIZATION, *EDITABLE_FIELDS)

# Header words people write, folded (lower case, no accents, spaces/dashes as "_").
_HEADER_ALIASES: dict[str, str] = {
    "id": IMPORT_KEY,
    "identifiant": IMPORT_KEY,
    "nom": "name_fr",
    "nom_fr": "name_fr",
    "nom_francais": "name_fr",
    "name": "name_fr",
    "nom_anglais": "name_en",
    "nom_en": "name_en",
    "resume": "summary_fr",
    "resume_fr": "summary_fr",
    "resume_anglais": "summary_en",
    "montant_max": "max_amount_cad",
    "montant_maximal": "max_amount_cad",
    "montant_maximum": "max_amount_cad",
    "taux": "cost_share_pct",
    "taux_d_aide": "cost_share_pct",
    "taux_daide": "cost_share_pct",
    "organisme": IMPORT_ORGANIZATION,
    "organismes": IMPORT_ORGANIZATION,
    "organisation": IMPORT_ORGANIZATION,
    "niveau": "level",
    "statut": "status",
    "lien": "url",
    "source": "source_url",
    "regions": "regions",
    "phases": "phases",
    "types_d_aide": "aid_types",
    "tailles": "eligible_sizes",
    "date_de_verification": "last_verified",
}


def _header_key(column: str) -> str:
    """``"Taux d'aide"`` -> ``"taux_d_aide"``: accents, case and separators ignored."""
    return "_".join(
        part for part in "".join(c if c.isalnum() else " " for c in fold(column)).split() if part
    )


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Columns named like a Program field map to it (``id`` maps to the slug), French
    headers too ("nom", "montant maximal", "taux d'aide"...); each field at most once."""
    out: dict[str, str] = {}
    for column in columns:
        key = _header_key(column)
        target = key if key in IMPORT_TARGETS else _HEADER_ALIASES.get(key)
        if target and target not in out.values():
            out[column] = target
    return out


#: Why an import row cannot be written, by code; a cell's unreadable value is a note of
#: :data:`~aluhub.funding.curation.services.FIELD_ERRORS` with its ``column``.
IMPORT_ERRORS: dict[str, str] = {
    "no_identifier": gettext_noop("No identifier."),
    "new_program_incomplete": gettext_noop("A new program needs a French name and a level."),
    "not_a_slug": gettext_noop("The identifier must be a slug (a-z, 0-9, dashes)."),
}


def import_error_texts(errors: Iterable[Any], lang: Lang) -> list[str]:
    """An import row's stored errors in ``lang``: each is a note (``{"code", "params"}``,
    with the ``column`` of a cell), worded now for whoever reads the row; a sentence stored
    before the notes is shown as it is."""
    out: list[str] = []
    with translation.override(lang):
        for error in errors:
            if not isinstance(error, Mapping):
                out.append(str(error))
                continue
            code = str(error.get("code", ""))
            if code in IMPORT_ERRORS:
                sentence = _(IMPORT_ERRORS[code]) % dict(error.get("params") or {})
            else:
                sentence = field_error_message(error)
            column = error.get("column")
            out.append(f"{column}{colon(lang)} {sentence}" if column else sentence)
    return out


def _new_program_slug(name: str, taken: set[str]) -> str:
    """A slug from the program's name, unique in the catalogue and in this import."""
    slug = unique_slug(Program, name, fallback="program", taken=taken)
    taken.add(slug)
    return slug


def _program_organizations(program: Program | None) -> str | None:
    if program is None:
        return None
    return "; ".join(r.organization.name for r in program.roles.select_related("organization"))


@transaction.atomic
def import_set_mapping(*, batch: ImportBatch, mapping: Mapping[str, str]) -> ImportBatch:
    """Save the column mapping and compute each row's changes against the catalogue."""
    mapping = {c: f for c, f in mapping.items() if f and c in batch.columns}
    targets = list(mapping.values())
    if IMPORT_KEY not in targets and "name_fr" not in targets:
        raise ValidationError(
            _("Map one column to the program identifier (slug) or to the French name.")
        )
    if len(targets) != len(set(targets)):
        raise ValidationError(_("Two columns are mapped to the same field."))
    for target in targets:
        if target not in IMPORT_TARGETS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": target})
    _columns, rows = _read_csv(batch.csv_text)
    batch.mapping = dict(mapping)
    batch.save(update_fields=["mapping"])
    batch.rows.all().delete()
    key_column = next((c for c, f in mapping.items() if f == IMPORT_KEY), None)
    name_column = next((c for c, f in mapping.items() if f == "name_fr"), None)
    catalogue = list(Program.objects.all())
    programs = {p.slug: p for p in catalogue}
    # Without an identifier a row is the program of the same French name, if there is one.
    by_name = {fold(p.name_fr or ""): p for p in catalogue if p.name_fr}
    taken: set[str] = set()
    new_rows: list[ImportRow] = []
    for line, row in enumerate(rows, start=2):
        slug = (row.get(key_column) or "").strip() if key_column else ""
        name = (row.get(name_column) or "").strip() if name_column else ""
        program = programs.get(slug)
        if not slug and name:
            program = by_name.get(fold(name))
            slug = program.slug if program is not None else _new_program_slug(name, taken)
        changes: dict[str, list[Any]] = {}
        errors: list[dict[str, Any]] = []
        if not slug:
            errors.append(Note("no_identifier").to_dict())
        for column, target in mapping.items():
            if target == IMPORT_KEY:
                continue
            if target == IMPORT_ORGANIZATION:
                orgs = "; ".join(n.strip() for n in row.get(column, "").split(";") if n.strip())
                current_orgs = _program_organizations(program)
                if orgs and current_orgs != orgs:
                    changes[target] = [current_orgs, orgs]
                continue
            try:
                value = plain(parse_field(target, row.get(column, "")))
            except FieldValueError as exc:
                errors.append({**exc.note, "column": column})
                continue
            current = program_field_value(program, target) if program is not None else None
            if program is None and value in (None, "", []):
                continue
            if current != value:
                changes[target] = [current, value]
        if program is None and not errors and not (changes.get("name_fr") and changes.get("level")):
            errors.append(Note("new_program_incomplete").to_dict())
        if errors:
            status = ImportRowStatus.INVALID
        elif not changes:
            status = ImportRowStatus.UNCHANGED
        else:
            status = ImportRowStatus.PENDING
        new_rows.append(
            ImportRow(
                batch=batch,
                line=line,
                slug=slug[:120],
                program=program,
                changes=changes,
                errors=errors,
                status=status,
            )
        )
    ImportRow.objects.bulk_create(new_rows)
    return batch


@transaction.atomic
def import_review(
    *, batch: ImportBatch, approve: Iterable[int], reject: Iterable[int], reviewer: User
) -> int:
    """Apply the approved pending rows (new programs are created as drafts) and mark the
    rejected ones; returns the number of programs written."""
    written = 0
    approve_ids, reject_ids = set(approve), set(reject)
    for row in batch.rows.filter(status=ImportRowStatus.PENDING).select_related("program"):
        if row.pk in reject_ids:
            row.status = ImportRowStatus.REJECTED
            row.save(update_fields=["status"])
            continue
        if row.pk not in approve_ids:
            continue
        program = row.program or Program.objects.filter(slug=row.slug).first()
        if program is None:
            if not row.slug or slugify(row.slug) != row.slug:
                row.status = ImportRowStatus.INVALID
                row.errors = [Note("not_a_slug").to_dict()]
                row.save(update_fields=["status", "errors"])
                continue
            program = Program(slug=row.slug, publication="draft")
        organizations = row.changes.get(IMPORT_ORGANIZATION)
        for name, (_old, new) in row.changes.items():
            if name != IMPORT_ORGANIZATION:
                setattr(program, name, parse_field(name, new))
        funding_services.program_save(program=program, changed_by=reviewer, origin="import")
        if organizations is not None:
            names = [n.strip() for n in str(organizations[1]).split(";") if n.strip()]
            if funding_services.program_set_organizations(
                program=program, organizations=[(n, "administrator") for n in names]
            ):
                funding_services.program_reindex(program=program)
        row.program = program
        row.status = ImportRowStatus.APPROVED
        row.save(update_fields=["program", "status"])
        written += 1
    return written
