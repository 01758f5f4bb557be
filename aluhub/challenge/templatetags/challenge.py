"""Template filters of the Structure-Al pages."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django import template

from aluhub.challenge import presenters
from aluhub.challenge.materials import material_name as _material_name
from aluhub.challenge.models import scope_label as _scope_label
from aluhub.common.lang import active_lang
from aluhub.engines.text import format_percent

register = template.Library()


@register.filter
def material_name(material_id: str) -> str:
    """A shared-table material's name in the page's language (``""`` for another code)."""
    return _material_name(str(material_id), active_lang())


@register.filter
def scope_label(scope: Any) -> str:
    """A bill-of-materials line's scope in the page's language (« fondations »)."""
    return _scope_label(str(scope or ""))


@register.filter
def share(value: Any) -> str:
    """An aluminium share (percent) with two decimals, rounded down as the checker compares
    it (a share equal to the threshold within 1e-9 passes): a share that fails the rule never
    reads as the threshold (49.996 -> "49,99 %", not "50,00 %"; "49.99%" in English)."""
    if value is None:
        return ""
    floored = Decimal(str(float(value) + 1e-9)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    return format_percent(floored, active_lang(), decimals=2)


@register.filter
def design_warnings(report: Any) -> list[str]:
    """A stored design-check report's warnings in the page's language."""
    return presenters.design_warnings(report or {}, active_lang())


@register.filter
def design_error(submission: Any) -> str:
    """Why a submission's bill of materials could not be checked, in the page's language."""
    return presenters.design_error_text(
        submission.design_error_note, active_lang(), submission.design_error
    )
