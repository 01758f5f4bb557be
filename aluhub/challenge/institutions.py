"""One institution, however it is typed: the key that groups university names.

An application's university is free text, so « Polytechnique Montréal », « polytechnique
montreal » and « Polytechnique  Montréal » (two spaces) name one institution. The team
formation engine compares the strings it is given, so every pool handed to it (the teams
page, the ``form_teams`` command and the API) is grouped here first: each applicant's
university becomes the group's one name, and ``max_per_university`` counts the institution
once. The engine itself is unchanged.

Django-free (the ``form_teams`` command imports it without starting Django).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def institution_key(name: str) -> str:
    """The grouping key of an institution's name: case, accents, white space and
    punctuation aside (« École de technologie supérieure » and "ecole de technologie
    superieure" -> "ecole de technologie superieure"; « Polytechnique-Montréal » and
    « Polytechnique Montréal » alike). Abbreviations are not expanded (ÉTS stays "ets")."""
    text = name.casefold().replace("œ", "oe").replace("æ", "ae")
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return _NOT_ALNUM.sub(" ", text).strip()


def group_names(typed: Iterable[str], known: Iterable[str] = ()) -> dict[str, str]:
    """The name each group of ``typed`` names goes by, by key: a ``known`` name (reference
    data, an edition's host) with the same key, else the spelling typed most often (the
    first of them on a tie). Blank names are left out."""
    official: dict[str, str] = {}
    for name in known:
        official.setdefault(institution_key(name), " ".join(name.split()))
    spellings: dict[str, Counter[str]] = {}
    for name in typed:
        key = institution_key(name)
        if key:
            spellings.setdefault(key, Counter())[" ".join(name.split())] += 1
    return {
        key: official.get(key) or counts.most_common(1)[0][0] for key, counts in spellings.items()
    }


def grouped_pool(data: Any, known: Iterable[str] = ()) -> Any:
    """A ``form_teams`` pool whose applicants' universities are their group's name
    (:func:`group_names`); anything that is not the expected shape is left as it is, for
    the engine's parser to refuse."""
    if not isinstance(data, Mapping):
        return data
    applicants = data.get("applicants")
    if not isinstance(applicants, list):
        return data
    typed = [
        a["university"]
        for a in applicants
        if isinstance(a, Mapping) and isinstance(a.get("university"), str)
    ]
    names = group_names(typed, known)
    rows = []
    for a in applicants:
        name = a.get("university") if isinstance(a, Mapping) else None
        if isinstance(name, str) and institution_key(name) in names:
            a = {**a, "university": names[institution_key(name)]}
        rows.append(a)
    return {**data, "applicants": rows}
