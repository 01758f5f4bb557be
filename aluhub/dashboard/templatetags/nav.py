"""``{% nav_menu "main" as links %}``: a menu of dashboard/nav.py for the current visitor."""

from __future__ import annotations

from typing import Any

from django import template

from aluhub.dashboard.nav import Link, menu

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_menu(context: dict[str, Any], name: str) -> list[Link]:
    request = context["request"]
    return menu(name, request.user, getattr(request, "resolver_match", None))
