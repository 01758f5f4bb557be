"""``{% site_header %}``: the header every page shows (brand, language switch, account menu,
main navigation), from ``_site_header.html`` and the menus of dashboard/nav.py.

A visitor's header depends on nothing but the code: the language, the section the page
belongs to (which menu entry is marked current), the URL configuration and its prefix. It is
rendered once per such key and kept in this process's memory; each request then only fills in
the language switch (this page's own address in the other language). No database row is read
for it, so no edit can make it stale. A signed-in person's menus follow their role and what
they may open (database reads through the apps' access functions): theirs is rendered on every
request, from the same template, so both read the same markup.
"""

from __future__ import annotations

import functools
from typing import Any, cast

from django import template
from django.contrib.auth.models import AnonymousUser
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Engine
from django.templatetags.static import static
from django.urls import ResolverMatch, get_script_prefix, get_urlconf
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from aluhub.common.templatetags.aluhub import page_in_language, translated_url
from aluhub.dashboard.nav import AnyUser, menu

register = template.Library()

TEMPLATE = "_site_header.html"
#: Stands for the language switch's address while a visitor's header is rendered.
_SWITCH = "@@switch-url@@"
#: The visitors' headers, ``(before the switch's address, after it)`` per key; at most a few
#: hundred keys (two languages times the site's sections and named pages).
_VISITOR_HEADERS: dict[tuple[Any, ...], tuple[str, str]] = {}
_MAX_KEYS = 1024
#: Addresses longer than this (long query strings) are translated without being kept, so the
#: language switch's memory stays small (4,096 addresses of at most this length).
_MAX_KEPT_PATH = 512


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    request = context.get("request")
    lang = get_language() or "fr"
    other = "en" if lang == "fr" else "fr"
    # This page in the other language, as {% translated_url %} writes it (aluhub.py).
    if request is None:
        switch_url = translated_url(cast(dict[str, Any], context), other)
    elif len(full_path := request.get_full_path()) > _MAX_KEPT_PATH:
        switch_url = page_in_language(full_path, other)  # long addresses are not kept
    else:
        switch_url = _translated(full_path, lang, other, get_urlconf(), get_script_prefix())
    user = context.get("user") or AnonymousUser()
    match = getattr(request, "resolver_match", None)
    if user.is_authenticated:
        return _render(context, lang, switch_url, user, match)
    return _visitor(context, lang, switch_url, match)


@functools.lru_cache(maxsize=4096)
def _translated(full_path: str, lang: str, other: str, urlconf: Any, prefix: str) -> str:
    """``translate_url`` (a resolve and a reverse) once per address, active language (resolving
    reads it), target language and URL configuration: its answer depends on nothing else."""
    return page_in_language(full_path, other)


@register.simple_tag
def asset(path: str) -> str:
    """``{% static %}`` for the shell's own files (style sheet, scripts, icon), resolved once
    per process: the collected files' names do not change while it runs."""
    return _asset(path)


@functools.lru_cache(maxsize=64)
def _asset(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_assets(*, setting: str, **kwargs: Any) -> None:
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES"}:
        _asset.cache_clear()


def _render(
    context: template.Context,
    lang: str,
    switch_url: str,
    user: AnyUser,
    match: ResolverMatch | None,
) -> SafeString:
    """The header rendered in the page's own context (its CSRF token for the logout form)."""
    with context.push(
        LANG=lang,
        switch_url=switch_url,
        account_links=menu("account", user, match),
        main_links=menu("main", user, match),
    ):
        html = Engine.get_default().get_template(TEMPLATE).render(context)
    return mark_safe(html.strip())  # noqa: S308 - rendered (escaped) by the template engine


def _visitor(
    context: template.Context, lang: str, switch_url: str, match: ResolverMatch | None
) -> SafeString:
    """A visitor's header: from memory, the language switch's address filled in."""
    key = (
        lang,
        match.app_name if match else None,
        match.view_name if match else None,
        get_script_prefix(),
        get_urlconf(),
    )
    parts = _VISITOR_HEADERS.get(key)
    if parts is None:
        html = _render(template.Context(), lang, _SWITCH, AnonymousUser(), match)
        before, after = html.split(_SWITCH)
        parts = (before, after)
        if len(_VISITOR_HEADERS) >= _MAX_KEYS:
            _VISITOR_HEADERS.clear()
        _VISITOR_HEADERS[key] = parts
    # The parts were rendered (escaped) by the template engine; the address is escaped here
    # as {{ switch_url }} escapes it.
    return mark_safe(parts[0] + conditional_escape(switch_url) + parts[1])  # noqa: S308
