"""What gives away English conventions in a text meant to be French: a decimal point in a
number, an English month name, or one of a few common English words. Used on every
generated document and command output rendered in French (issue #11)."""

from __future__ import annotations

import re

ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
).split()

#: Words that do not occur in French text (names and URLs aside).
ENGLISH_WORDS = (
    "the and with from per unknown amount aid of average spread lines mass carbon "
    "embodied scope out"
).split()

_URL = re.compile(r"(?:https?://|www\.)\S+")
_DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
_WORD = re.compile(r"[A-Za-z]+")


def french_problems(text: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """The English giveaways in ``text``: decimal points, English months and words.

    ``allowed`` lists strings taken out first (published names, codes with a dot)."""
    for keep in allowed:
        text = text.replace(keep, " ")
    text = _URL.sub(" ", text)
    found = [f"decimal point: {m}" for m in _DECIMAL_POINT.findall(text)]
    words = _WORD.findall(text)
    found += [f"English month: {w}" for w in words if w in ENGLISH_MONTHS]
    found += [f"English word: {w}" for w in words if w.lower() in ENGLISH_WORDS]
    return found


_FIRST_CHOICE = re.compile(r'<select name="(\w+)"[^>]*>\s*<option value=""[^>]*>([^<]*)<')


def blank_choices(page: str) -> dict[str, str]:
    """The words of each ``<select>``'s empty first choice, by field name: what a filter's
    "All" reads ("Tous" or "Toutes" in French, agreeing with the field's noun)."""
    return dict(_FIRST_CHOICE.findall(page))
