"""Validators for Québec business identifiers (messages translated for field errors)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aluhub.common.regions import REGION_CODES

_NEQ_RE = re.compile(r"^\d{10}$")
_NAICS_RE = re.compile(r"^\d{6}$")


def normalize_neq(value: str) -> str:
    """Drop spaces and dashes that people type inside a NEQ."""
    return re.sub(r"[\s-]", "", value or "")


def validate_neq(value: str) -> None:
    """The NEQ (numéro d'entreprise du Québec) is exactly 10 digits."""
    if not _NEQ_RE.match(normalize_neq(value)):
        raise ValidationError(
            _("Enter a valid NEQ: exactly 10 digits (Québec enterprise number)."),
            code="invalid_neq",
        )


def validate_naics(value: str) -> None:
    """A NAICS/SCIAN code as used by AluHub is 6 digits, the first two 11 to 92."""
    if not _NAICS_RE.match(value or "") or not 11 <= int(value[:2]) <= 92:
        raise ValidationError(
            _("Enter a valid NAICS (SCIAN) code: 6 digits, e.g. 331318."),
            code="invalid_naics",
        )


def validate_naics_list(values: list[str]) -> None:
    if not isinstance(values, list):
        raise ValidationError(_("Enter a list of NAICS codes."), code="invalid_naics")
    for value in values:
        validate_naics(str(value))


def validate_region(value: str) -> None:
    if value not in REGION_CODES:
        raise ValidationError(
            _("Choose one of Québec's 17 administrative regions (codes 01 to 17)."),
            code="invalid_region",
        )


def validate_founded_year_not_future(value: int | None) -> None:
    """A founding year is at most the current year (Toronto's calendar)."""
    if value is not None and value > timezone.localdate().year:
        raise ValidationError(
            _("The founding year cannot be later than the current year."),
            code="founded_year_future",
        )
