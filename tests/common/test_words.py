"""A text shortened for a list keeps its own spaces (common/templatetags/aluhub.words):
Django's truncatewords wrote every no-break space of a French summary as an ordinary one."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent / "aluhub"
SUMMARY = "Aide jusqu’à 20\u00a0000\u00a0$, soit 50\u00a0% des coûts\u202f; « vite »."


def _render(source: str, value: object) -> str:
    with translation.override("fr"):
        return Template("{% load aluhub %}" + source).render(Context({"v": value}))


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (40, SUMMARY),
        (4, "Aide jusqu’à 20\u00a0000\u00a0$, soit…"),
        (2, "Aide jusqu’à…"),
        (0, ""),
    ],
)
def test_words_cuts_a_text_and_keeps_its_no_break_spaces(count: int, expected: str) -> None:
    assert _render(f"{{{{ v|words:{count} }}}}", SUMMARY) == expected


def test_words_escapes_and_leaves_a_blank_blank() -> None:
    assert _render("{{ v|words:3 }}", "<b>gras</b> et fin") == "&lt;b&gt;gras&lt;/b&gt; et fin"
    assert _render("{{ v|words:3 }}", None) == ""


def test_no_template_shortens_text_with_truncatewords() -> None:
    found = [
        str(p.relative_to(ROOT))
        for ext in ("html", "txt")
        for p in ROOT.glob(f"**/templates/**/*.{ext}")
        if "|truncatewords" in p.read_text(encoding="utf-8")
    ]
    assert found == []
