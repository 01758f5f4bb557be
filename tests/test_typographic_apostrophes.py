"""French msgstr use the typographic apostrophe (l’aide), never the straight one, in every
app's catalogue (issue #11). Fix with ``scripts/typographic_apostrophes.py``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent / "aluhub"
CATALOGUES = sorted(ROOT.glob("**/locale/fr/LC_MESSAGES/*.po"))
# Inside a word only: quotes around a code ('x'), markup (href='...') and placeholders are
# left alone.
STRAIGHT = re.compile(r"(?<=\w)'(?=\w)")


def test_every_app_catalogue_is_checked() -> None:
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_french_msgstr_use_typographic_apostrophes(path: Path) -> None:
    with open(path, "rb") as fh:
        catalogue = read_po(fh)
    straight = [
        text
        for message in catalogue
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if text and STRAIGHT.search(text)
    ]
    assert straight == []
