"""Workforce words in templates: ``{{ course.duration_hours|hours }}`` -> « 1,5 heure »."""

from __future__ import annotations

from typing import Any

from django import template

from aluhub.workforce import durations

register = template.Library()


@register.filter
def hours(value: Any) -> str:
    """A duration in hours with the number and the word in the page's language."""
    if value is None or value == "":
        return ""
    return durations.hours(value)
