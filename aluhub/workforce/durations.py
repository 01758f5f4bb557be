"""A course's duration in words, in the active language: « 1,5 heure », « 2 heures »,
"1.5 hours", "1 hour"."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language, ngettext

from aluhub.engines import text


def plural_count(value: Decimal | float | int) -> int:
    """The count to give ``ngettext`` for a possibly fractional ``value``: the catalogues'
    plural formulas read whole numbers, French singular for n ≤ 1 and English for n = 1 only.
    French keeps the singular below 2 (« 1,5 heure »), English only for exactly 1 ("1.5
    hours"): 0 is singular in French and plural in English, so it stands for any value
    other than 1 that is below 2."""
    if value == 1:
        return 1
    return 0 if value < 2 else 2


def hours(value: Decimal | float | int) -> str:
    """``value`` hours, the number in the active language's convention."""
    number = text.format_number(value, get_language() or "fr")
    return ngettext("%(h)s hour", "%(h)s hours", plural_count(value)) % {"h": number}
