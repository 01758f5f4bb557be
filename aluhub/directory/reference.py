"""The directory ships no reference rows (profiles are written by the members); this hook
lets ``aluhub reindex`` rebuild its search columns."""

from __future__ import annotations

from .services import profiles_reindex


def reindex_search() -> int:
    return profiles_reindex()
