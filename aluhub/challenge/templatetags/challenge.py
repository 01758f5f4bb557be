"""Template filters of the Structure-Al pages."""

from __future__ import annotations

from django import template

from aluhub.challenge.materials import material_name as _material_name
from aluhub.common.lang import active_lang

register = template.Library()


@register.filter
def material_name(material_id: str) -> str:
    """A shared-table material's name in the page's language (``""`` for another code)."""
    return _material_name(str(material_id), active_lang())
