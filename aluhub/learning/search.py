"""A small accent-insensitive FR/EN search helper, portable across SQLite and PostgreSQL.

Each resource keeps ``search_text``: the words of its titles, summaries, authors and facet
labels in both languages, folded (lower case, accents removed) and lightly stemmed, joined
by spaces with a leading space. A query matches when every query stem occurs at the start
of some indexed word (``search_text LIKE '% stem%'``): plain ``icontains``, so no
database-specific full-text engine is needed. The same ``stem`` runs on both sides, so it
only has to be consistent, not linguistically perfect.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"[a-z0-9]+")

# Words too common to narrow a search (both languages, already folded).
STOPWORDS = frozenset(
    """
    a au aux avec ce ces dans de des du en et la le les leur par pour sur un une ou d l
    the of and or for in on to with an by from at as is are
    """.split()
)

# Longest first: the first suffix that leaves a stem of >= 4 letters is removed.
_SUFFIXES = (
    "issements",
    "issement",
    "ements",
    "ations",
    "ement",
    "ation",
    "ments",
    "ment",
    "ings",
    "ives",
    "ing",
    "ies",
    "ive",
    "ees",
    "ers",
    "eur",
    "aux",
    "es",
    "ee",
    "er",
    "ed",
    "s",
    "x",
    "e",
)


def fold(text: str) -> str:
    """Lower case without accents: ``"Élément"`` -> ``"element"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """Strip one common French or English ending (plural, -ment, -ation, -ing ...)."""
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix in _SUFFIXES:
        if not word.endswith(suffix):
            continue
        if suffix == "aux" and len(word) >= 5:  # métaux -> metal, chevaux -> cheval
            return word[:-3] + "al"
        if len(word) - len(suffix) >= 4:
            if suffix == "ies":
                return word[:-3] + "y"
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The stems of ``text`` in order, without stop words (duplicates kept)."""
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


def build_index(parts: Iterable[str]) -> str:
    """The ``search_text`` value for a document made of ``parts``."""
    seen: dict[str, None] = {}
    for part in parts:
        for term in terms(part or ""):
            seen.setdefault(term, None)
    return (" " + " ".join(seen) + " ") if seen else ""


def query_terms(query: str) -> list[str]:
    """Distinct stems of a user's query (empty list: no text filter)."""
    return list(dict.fromkeys(terms(query)))
