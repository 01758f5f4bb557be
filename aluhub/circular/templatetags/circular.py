"""Labels of the exchange: organization size class, listing status."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from aluhub.circular import formatting

register = template.Library()


@register.filter
def size_label(organization: Any) -> str:
    """The public face of a seller: its size class only (never its name)."""
    labels = {
        "micro": _("micro business (fewer than 10 employees)"),
        "small": _("small business (10 to 99 employees)"),
        "medium": _("medium business (100 to 499 employees)"),
        "large": _("large business (500 employees or more)"),
    }
    size = getattr(organization, "size_class", None)
    return labels.get(size or "", _("size unknown"))


@register.filter
def pct(value: Any) -> str:
    """A share in %: four significant digits, decimal comma in French."""
    return formatting.significant(value)


@register.filter
def tonnes(value: Any) -> str:
    """A tonnage in the page's language: "25,0" / "1 234,5" in French, "25.0" in English."""
    return formatting.tonnes(value)


@register.filter
def factor(value: Any) -> str:
    """A carbon factor (kg CO2e/kg) without trailing zeros: "2", "0,5", "15,1"."""
    return formatting.number(value, 3)


@register.filter
def grade_level_label(level: str) -> str:
    labels = {
        "same_grade": _("same grade"),
        "same_family": _("same alloy family"),
        "crosswalk": _("crosswalk ISRI ↔ EN 13920"),
    }
    return labels.get(level, level)
