"""Labels of the exchange: organization size class, listing status."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

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
    if value is None or value == "":
        return "—"
    return f"{float(value):.4g}"


@register.filter
def grade_level_label(level: str) -> str:
    labels = {
        "same_grade": _("same grade"),
        "same_family": _("same alloy family"),
        "crosswalk": _("crosswalk ISRI ↔ EN 13920"),
    }
    return labels.get(level, level)
