"""French typography of the workforce texts: a label and its value are separated by a
no-break space and a colon (« Métier : soudeur », never « Métier: » nor a breakable space),
in the catalogue, in the career engine and on the pages."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from aluhub.engines import careers
from tests.engines.test_careers import WELDER

CATALOGUE = Path(__file__).parents[2] / "aluhub/workforce/locale/fr/LC_MESSAGES/django.po"
# A colon that follows text and is not preceded by a no-break space; URL patterns
# (<int:pk>) and addresses (https:) are not labels.
BAD_COLON = re.compile(r"(?<![\u00a0<a-z])(?<!https)(?<!http):(?=\s|$)|(?<=\w):(?=\s|$)")


def _french_strings() -> list[tuple[str, str]]:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        found.extend((msgid, text) for text in strings if text)
    return found


def test_every_french_label_has_a_no_break_space_before_its_colon() -> None:
    strings = _french_strings()
    assert len(strings) > 400  # the whole catalogue was read
    bad = [(msgid, text) for msgid, text in strings if BAD_COLON.search(text)]
    assert bad == []
    labels = [text for _msgid, text in strings if "\u00a0:" in text]
    assert len(labels) >= 45


def test_the_pattern_catches_both_faults() -> None:
    assert BAD_COLON.search("Métier : soudeur")
    assert BAD_COLON.search("Métier: soudeur")
    assert BAD_COLON.search("Sessions :")
    assert not BAD_COLON.search("Métier\u00a0: soudeur")
    assert not BAD_COLON.search("emplois/<int:pk>/")


def test_career_reasons_in_french_use_the_no_break_space() -> None:
    answers = careers.Answers(interests=("hands",), environment="workshop", level="dep")
    reasons = careers.suggest(answers, [WELDER], lang="fr")[0].reasons
    assert "Correspond à votre intérêt\u00a0: travailler de ses mains." in reasons
    assert "Milieu de travail habituel\u00a0: un atelier." in reasons
    assert "Matches your interest: working with your hands." in (
        careers.suggest(answers, [WELDER], lang="en")[0].reasons
    )
