"""A message of Python code writes a quantity and its unit as one placeholder (``%(mass)s``,
filled by :func:`aluhub.engines.text.format_quantity`: « 1 234,5 kg », "1,234.5 kg", a
no-break space between them), never ``%(kg)s kg``: the English catalogues are empty (the
English is the msgid), so an ordinary space reached English pages and a line could break
between the number and its unit (decision 0010). The templates' rule is
``tests/test_template_units.py``; the engines' own message tables are their CLI/API contract
and are left out, as are migrations."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "aluhub"
SOURCES = sorted(
    p
    for p in ROOT.glob("**/*.py")
    if not {"engines", "migrations"} & set(p.relative_to(ROOT).parts)
)
#: The names a message is marked with (``gettext as _``, ``gettext_lazy as _``…).
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
#: A placeholder followed by an ordinary space and a unit symbol.
UNIT_AFTER_PLACEHOLDER = re.compile(
    r"%\(\w+\)[sd][ \t]+(?:kg|t|km|m|cm|mm|g|h|min|s|MPa|GPa|MJ|GJ|kWh|MWh|Mo|Go|MB|GB|%%|\$|M\$)"
    r"(?![\w])"
)


def unit_spaces(source: str) -> list[str]:
    """The messages of a Python module that write a unit after a placeholder with an
    ordinary space."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT:
            continue
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if UNIT_AFTER_PLACEHOLDER.search(arg.value):
                    found.append(arg.value)
    return found


def test_modules_are_checked() -> None:
    names = {str(p.relative_to(ROOT)) for p in SOURCES}
    assert {"trace/services.py", "circular/formatting.py", "common/uploads.py"} <= names
    assert not any(n.startswith(("engines/", "trace/migrations/")) for n in names)


def test_the_check_finds_a_unit_after_an_ordinary_space() -> None:
    source = (
        'a = _("Lot %(code)s has %(kg)s kg available.")\n'
        'b = gettext_lazy("%(size)s MB; at most %(limit)s MB")\n'
        'c = ngettext("%(n)s t", "%(n)s t", n)\n'
        'd = _("Lot %(code)s has %(mass)s available.")\n'
        'e = _("%(count)s kilograms, %(n)s tonnes, %(recycled)s%% recycled")\n'
        'f = "%(kg)s kg"  # not a message\n'
    )
    assert unit_spaces(source) == [
        "Lot %(code)s has %(kg)s kg available.",
        "%(size)s MB; at most %(limit)s MB",
        "%(n)s t",
        "%(n)s t",
    ]


def test_messages_write_a_quantity_as_one_placeholder() -> None:
    found = {
        str(path.relative_to(ROOT)): messages
        for path in SOURCES
        if (messages := unit_spaces(path.read_text(encoding="utf-8")))
    }
    assert found == {}
