"""The page language as the engines want it: ``"fr"`` or ``"en"``, French first.

One place for what every app used to write as its own ``_lang`` helper.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from aluhub.engines.text import Lang, lang_of

__all__ = ["Lang", "active_lang", "lang_of", "request_lang", "shown_lang"]


def active_lang(lang: str | None = None) -> Lang:
    """``lang`` as ``fr`` or ``en`` when given, else the active Django language (French
    when none is active)."""
    return lang_of(lang or get_language())


def request_lang(request: Any) -> Lang:
    """The language a request asks for: its ``?lang=``, else the language of its page."""
    return lang_of(request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "fr"))


def shown_lang(obj: Any, field: str, lang: str | None = None) -> Lang | None:
    """The language of the text that a ``lang`` page shows for ``obj``'s translated
    ``field`` (``<field>_fr`` / ``<field>_en``; modeltranslation falls back to the other
    language when the page's is blank); ``None`` when both are blank."""
    lang = active_lang(lang)
    for code in (lang, "en" if lang == "fr" else "fr"):
        if getattr(obj, f"{field}_{code}", None):
            return code
    return None
