"""A list page's filters read from its query parameters (the page's ``request.GET`` and the
API's, see :mod:`aluhub.common.api_lists`).

Every value arrives as text, possibly missing, padded, too long or not one of the page's
choices; each filter dataclass's ``from_params`` reads its fields with these two functions,
so a value that is not valid leaves its filter blank (no filter) instead of an error.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any


def text_param(params: Mapping[str, Any], name: str, *, max_length: int) -> str:
    """The parameter as text without surrounding spaces, cut at ``max_length`` characters;
    blank when missing."""
    return str(params.get(name) or "").strip()[:max_length]


def choice_param(params: Mapping[str, Any], name: str, allowed: Collection[str]) -> str:
    """The parameter (without surrounding spaces) when it is one of ``allowed``, else blank."""
    value = str(params.get(name) or "").strip()
    return value if value in allowed else ""
