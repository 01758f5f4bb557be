"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import translate_url

from aluhub.common.regions import region_name

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context: dict[str, Any], lang: str) -> str:
    """The current page in ``lang`` (keeps the query string)."""
    request = context.get("request")
    if request is None:
        return f"/{lang}/"
    return translate_url(request.get_full_path(), lang)


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (``None`` removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def region_label(code: str) -> str:
    try:
        return region_name(code)
    except KeyError:
        return code


@register.filter
def cad(value: Any) -> str:
    """Format an amount in CAD the way the active language writes it; blank -> em dash."""
    from django.utils.translation import get_language

    if value is None or value == "":
        return "—"
    amount = int(round(float(value)))
    grouped = f"{amount:,}"
    if (get_language() or "fr").startswith("fr"):
        return grouped.replace(",", "\u00a0") + "\u00a0$"
    return f"${grouped}"


@register.simple_tag
def urlparams(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})
