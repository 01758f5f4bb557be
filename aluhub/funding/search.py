"""Portable full-text search for the catalogue (same behaviour on SQLite and PostgreSQL).

Texts are folded (lower case, accents removed), cut into words, and each word is reduced
by a light French/English suffix stripper to a stem ("exportation", "exporter",
"exportateurs", "exports" -> "export"). A program stores the stems of its texts in
``search_text`` (and of its names in ``search_name``), each padded by spaces. A query word
matches a program when `` <stem>`` occurs in that text: the stem at the start of a stored
stem, so "export" also finds "exportation" and "exportateur".

No Django imports here: the functions are plain and tested alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"[a-z0-9]+")
# French elisions: l'exportation, d'aide, qu'une.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]")
MIN_STEM = 3
# A stripped word keeps at least this many letters ("regions" -> "region", not "reg").
KEEP = 4

# Longest first; each suffix is removed only if KEEP letters remain. French and
# English share one list: the folded words do not collide in practice, and one list keeps
# the query and the index stemmed the same way whatever the language of either.
_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            # French
            "issements",
            "issement",
            "atrices",
            "ateurs",
            "atrice",
            "ations",
            "ateur",
            "ation",
            "ements",
            "ement",
            "ments",
            "ment",
            "euses",
            "euse",
            "eurs",
            "eur",
            "ives",
            "ive",
            "ifs",
            "if",
            "ions",
            "ion",
            "ites",
            "ite",
            "iques",
            "ique",
            "ables",
            "able",
            "ales",
            "aux",
            "ale",
            "ees",
            "ee",
            "er",
            "ir",
            "es",
            "e",
            "s",
            "x",
            # English
            "izations",
            "ization",
            "ings",
            "ing",
            "ers",
            "ed",
            "ies",
            "ly",
            "al",
            "ity",
        },
        key=len,
        reverse=True,
    )
)

STOP_WORDS = frozenset(
    """
    a au aux avec ce ces dans de des du en et il la le les leur leurs ou par pas pour
    qui que sa se ses son sur un une est sont ont plus tout tous
    an and are as at be by for from has have in into is it its of on or the their this
    to up with
    """.split()
)


def fold(text: str) -> str:
    """Lower case without accents; ligatures opened (œ -> oe)."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """Light stem of one folded word."""
    if word.isdigit() or len(word) <= MIN_STEM:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= KEEP:
            word = word[: -len(suffix)]
            break
    # Doubled final consonants ("programm" from "programme", "dollars" kept) to one.
    if len(word) > KEEP and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    folded = _ELISION.sub(" ", fold(text).replace("’", "'"))
    return _WORD.findall(folded)


def stems(text: str) -> list[str]:
    """Stems of the meaningful words of ``text``, in order, duplicates kept."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def index_text(parts: Iterable[str]) -> str:
    """The stored index of some texts: distinct stems, space-padded."""
    seen: dict[str, None] = {}
    for part in parts:
        for s in stems(part or ""):
            seen.setdefault(s, None)
    return " " + " ".join(seen) + " " if seen else ""


def query_terms(q: str) -> list[str]:
    """The distinct stems of a query (what must each occur in a matching program)."""
    seen: dict[str, None] = {}
    for s in stems(q):
        seen.setdefault(s, None)
    return list(seen)


def relevance(terms: list[str], search_name: str, search_text: str) -> float:
    """Higher is better: a term in the name counts 3, elsewhere 1; a whole-stem match
    counts more than a prefix match."""
    score = 0.0
    for term in terms:
        needle = " " + term
        exact = needle + " "
        if exact in search_name:
            score += 4
        elif needle in search_name:
            score += 3
        if exact in search_text:
            score += 1.5
        elif needle in search_text:
            score += 1
    return score
