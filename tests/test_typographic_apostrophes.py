"""French msgstr use the typographic apostrophe (l’aide), never the straight one, in every
app's catalogue (issue #11). Fix with ``scripts/typographic_apostrophes.py``."""

from __future__ import annotations

import ast
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


# French text written in Python: the engines' FR/EN message and label tables (the CLIs print
# them, the pages show them), the commands, the reference loaders, worked examples and starter
# sheets. A French elision (l', d', qu'...) followed by a letter is what marks French text.
FRENCH_ELISION = re.compile(
    r"\b(?:[lLdDnNsScCjJmMtT]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)'(?=[\w%{«])"
)
SOURCES = sorted(
    {
        *ROOT.glob("engines/**/*.py"),
        *ROOT.glob("**/cli.py"),
        *ROOT.glob("**/management/commands/*.py"),
        *ROOT.glob("**/reference.py"),
        *ROOT.glob("**/presets.py"),
        *ROOT.glob("**/demo.py"),
        ROOT / "learning" / "starter.py",
    }
)


def _french_literals(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module (docstrings left out) holding a straight elision."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and FRENCH_ELISION.search(node.value)
    ]


def test_python_sources_are_checked() -> None:
    names = {str(p.relative_to(ROOT)) for p in SOURCES}
    assert {"engines/funding_plan.py", "funding/cli.py", "circular/cli.py"} <= names
    assert {"circular/demo.py", "workforce/demo.py", "collab/demo.py"} <= names
    assert {"innovation/cli.py", "engines/blend.py", "learning/starter.py"} <= names
    # The check itself finds a straight elision in a table like the engines' ones.
    assert FRENCH_ELISION.search("Forme d'aide")
    assert not FRENCH_ELISION.search("Forme d\u2019aide, the team's plan, 'code'")


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_french_text_in_python_uses_typographic_apostrophes(path: Path) -> None:
    assert _french_literals(path) == []


FRENCH_TEMPLATES = sorted(ROOT.glob("**/templates/**/*_fr.html"))


def test_french_templates_are_checked() -> None:
    names = {p.name for p in FRENCH_TEMPLATES}
    assert {"privacy_fr.html", "terms_fr.html", "accessibility_fr.html"} <= names


@pytest.mark.parametrize(
    "path", FRENCH_TEMPLATES, ids=[str(p.relative_to(ROOT)) for p in FRENCH_TEMPLATES]
)
def test_french_templates_use_typographic_apostrophes(path: Path) -> None:
    assert FRENCH_ELISION.findall(path.read_text(encoding="utf-8")) == []


#: Our own French wording of reference data (the shared files in aluhub/data are copies kept
#: as published).
FRENCH_DATA = sorted(
    {
        *ROOT.glob("*/*_fr.csv"),
        ROOT / "circular" / "crosswalk.csv",
        *ROOT.glob("funding/*.csv"),
        ROOT / "innovation" / "questionnaire.json",
    }
)


def test_french_data_files_are_checked() -> None:
    names = {str(p.relative_to(ROOT)) for p in FRENCH_DATA}
    assert {"funding/summaries.csv", "challenge/materials_fr.csv"} <= names
    assert {"learning/tempers_fr.csv", "circular/carbon_factors_fr.csv"} <= names


@pytest.mark.parametrize("path", FRENCH_DATA, ids=[str(p.relative_to(ROOT)) for p in FRENCH_DATA])
def test_french_data_uses_typographic_apostrophes(path: Path) -> None:
    assert FRENCH_ELISION.findall(path.read_text(encoding="utf-8")) == []
