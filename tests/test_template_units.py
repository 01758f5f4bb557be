"""A template writes a quantity with its unit through ``quantity`` (a no-break space, U+00A0,
in French and English: « 1 234,5 kg », "1,234.5 kg"), a percentage with ``percent`` and an
amount with ``cad``: never ``{{ x|number }} kg`` with an ordinary space, where a line may break
between the number and its unit (decision 0010)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "aluhub"
TEMPLATES = sorted(p for ext in ("html", "txt") for p in ROOT.glob(f"**/templates/**/*.{ext}"))
#: A variable (or a blocktranslate placeholder) followed by a space and a unit symbol.
UNIT_AFTER_VARIABLE = re.compile(
    r"\}\}[ \t]+(?:kg|t|km|m|cm|mm|g|h|min|s|MPa|GPa|MJ|GJ|kWh|MWh|Mo|Go|%|\$|M\$)(?![\w])"
)


def unit_spaces(source: str) -> list[str]:
    """The lines of a template that write a unit after a variable with an ordinary space."""
    return [line.strip() for line in source.splitlines() if UNIT_AFTER_VARIABLE.search(line)]


def test_templates_are_checked() -> None:
    names = {p.name for p in TEMPLATES}
    assert {"_balance.html", "impact.html", "new_match.txt"} <= names


def test_the_check_finds_a_unit_after_an_ordinary_space() -> None:
    source = (
        "<dd>{{ balance.inputs_kg|number:3 }} kg</dd>\n"
        "{% blocktranslate with kg=x|number %}{{ kg }} kg left{% endblocktranslate %}\n"
        "<dd>{{ share }} %</dd>\n"
        '<dd>{{ x|quantity:"kg" }}</dd><p>{{ n }} tonnes, {{ m }} to go</p>\n'
    )
    assert unit_spaces(source) == [
        "<dd>{{ balance.inputs_kg|number:3 }} kg</dd>",
        "{% blocktranslate with kg=x|number %}{{ kg }} kg left{% endblocktranslate %}",
        "<dd>{{ share }} %</dd>",
    ]


def test_templates_write_units_with_the_quantity_filter() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for path in TEMPLATES
        if (lines := unit_spaces(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_templates_separate_the_items_of_a_list_the_languages_way() -> None:
    """A list written by a loop takes ``{% list_separator %}`` between its items: « ; » with a
    narrow no-break space before it on French pages (decision 0010), "; " on English ones; a
    template wrote "; " in both."""
    found = [
        str(path.relative_to(ROOT))
        for path in TEMPLATES
        if re.search(r"forloop\.last %\}\s*;", path.read_text(encoding="utf-8"))
    ]
    assert found == []
