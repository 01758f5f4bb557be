"""Traceability ships no reference rows (lots are declared by the members); this hook lets
``aluhub reindex`` rebuild the lot list's search tokens."""

from __future__ import annotations


def reindex_search() -> int:
    from .services import lots_reindex

    return lots_reindex()
