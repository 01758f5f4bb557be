"""The page language as the engines want it: ``"fr"`` or ``"en"``, French first.

One place for what every app used to write as its own ``_lang`` helper.
"""

from __future__ import annotations

from django.utils.translation import get_language

from aluhub.engines.text import Lang, lang_of

__all__ = ["Lang", "active_lang", "lang_of"]


def active_lang() -> Lang:
    """The active Django language as ``fr`` or ``en`` (French when none is active)."""
    return lang_of(get_language())
