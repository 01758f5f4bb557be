"""``{{ expert.tags|tag_labels|join:", " }}``: expertise tags in the active language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from aluhub.innovation import tags

register = template.Library()


@register.filter
def tag_labels(value: Iterable[str] | None) -> list[str]:
    return tags.tag_labels(value or [])
