"""French msgstr use the typographic apostrophe (l’aide), never the straight one, in every
app's catalogue (issue #11), and space their punctuation the French way (decision 0010). Fix
with ``scripts/typographic_apostrophes.py``."""

from __future__ import annotations

import ast
import csv
import importlib.util
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aluhub.engines.text import french_spaces

ROOT = Path(__file__).resolve().parent.parent / "aluhub"
CATALOGUES = sorted(ROOT.glob("**/locale/fr/LC_MESSAGES/*.po"))
# Inside a word only: quotes around a code ('x'), markup (href='...') and placeholders are
# left alone.
STRAIGHT = re.compile(r"(?<=\w)'(?=\w)")


def test_every_app_catalogue_is_checked() -> None:
    assert len(CATALOGUES) >= 10


def _msgstrs(path: Path) -> list[str]:
    """Every translated text of a catalogue (each plural form too)."""
    with open(path, "rb") as fh:
        catalogue = read_po(fh)
    return [
        text
        for message in catalogue
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if text
    ]


@pytest.mark.parametrize("path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_french_msgstr_use_typographic_apostrophes(path: Path) -> None:
    straight = [text for text in _msgstrs(path) if STRAIGHT.search(text)]
    assert straight == []


@pytest.mark.parametrize("path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_french_msgstr_space_their_punctuation(path: Path) -> None:
    """Decision 0010: a no-break space before « : » and inside « », a narrow one before ; ? !
    (``scripts/typographic_apostrophes.py`` puts them in)."""
    unspaced = [text for text in _msgstrs(path) if french_spaces(text) != text]
    assert unspaced == []


def test_fixer_spaces_a_msgstr_wrapped_over_lines() -> None:
    spec = importlib.util.spec_from_file_location(
        "fixer", ROOT.parent / "scripts" / "typographic_apostrophes.py"
    )
    assert spec and spec.loader
    fixer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixer)
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Sure?"\nmsgstr ""\n"Pas encore de compte "\n"? Créez l\'aide "\n"« ici »"\n'
    )
    fixed, changed = fixer.fix(po)
    assert changed == ["Pas encore de compte ? Créez l'aide « ici »"]
    assert fixed.startswith('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    assert 'msgstr "Pas encore de compte\u202f? Créez l’aide «\u00a0ici\u00a0»"' in fixed


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


def _docstring_ids(tree: ast.AST) -> set[int]:
    """``id()`` of every docstring node of a parsed module (docstrings are English)."""
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _french_literals(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module (docstrings left out) holding a straight elision."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstring_ids(tree)
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


# Decision 0010's spaces in the French text that lives outside the catalogues.


def _strings(node: ast.AST) -> list[ast.Constant]:
    return [
        sub
        for sub in ast.walk(node)
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str)
    ]


def _french_key(name: object) -> bool:
    return isinstance(name, str) and (name == "fr" or name.endswith("_fr"))


def _unspaced_literals(path: Path) -> list[tuple[int, str]]:
    """French string literals (a table's ``"fr"`` entry, a ``*_fr`` key, argument or
    attribute, a literal holding a French elision or a French-spaced colon) that French
    spacing would change; docstrings are English."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstring_ids(tree)
    french: dict[int, ast.Constant] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and _french_key(key.value):
                    french.update((id(s), s) for s in _strings(value))
        elif isinstance(node, ast.keyword) and _french_key(node.arg):
            french.update((id(s), s) for s in _strings(node.value))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if _french_key(getattr(target, "attr", getattr(target, "id", None))):
                    french.update((id(s), s) for s in _strings(node.value))
    french.update(
        (id(lit), lit)
        for lit in _strings(tree)
        if TYPOGRAPHIC_ELISION.search(lit.value) or FRENCH_SPACING.search(lit.value)
    )
    return sorted(
        (lit.lineno, lit.value)
        for lit in french.values()
        if id(lit) not in docstrings and french_spaces(lit.value) != lit.value
    )


#: A space before a colon or inside guillemets is only ever French.
FRENCH_SPACING = re.compile(r"\w :(?:\s|$)|« | »")
TYPOGRAPHIC_ELISION = re.compile(r"\b(?:[lLdDnNsScCjJmMtT]|[qQ]u|[jJ]usqu|[lL]orsqu)\u2019\w")
#: Every module of the project but the migrations (they keep what they stored) and the charge
#: optimizer's example rows (input typed in a form, « nom ; type ; prix … »).
SPACED_SOURCES = sorted(
    path
    for path in ROOT.glob("**/*.py")
    if "migrations" not in path.parts and path.name != "presets.py"
)


def test_spacing_check_finds_french_literals(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'T = {"k": {"fr": "Ligne : x", "en": "Line: x"}}\nf(title_fr="Démo : a")\n'
        'X = "d’abord ; ensuite"\nY = "lambda x: y ; z"\nZ = "Démo : b"\n',
        encoding="utf-8",
    )
    assert _unspaced_literals(sample) == [
        (1, "Ligne : x"),
        (2, "Démo : a"),
        (3, "d’abord ; ensuite"),
        (5, "Démo : b"),
    ]


def test_french_text_in_python_spaces_its_punctuation() -> None:
    assert len(SPACED_SOURCES) > 300
    unspaced = {
        str(path.relative_to(ROOT)): found
        for path in SPACED_SOURCES
        if (found := _unspaced_literals(path))
    }
    assert unspaced == {}


@pytest.mark.parametrize(
    "path", FRENCH_TEMPLATES, ids=[str(p.relative_to(ROOT)) for p in FRENCH_TEMPLATES]
)
def test_french_templates_space_their_punctuation(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert french_spaces(text) == text


def _french_values(path: Path) -> list[str]:
    if path.suffix == ".json":

        def walk(node: object, key: str = "") -> list[str]:
            if isinstance(node, dict):
                return [text for k, v in node.items() for text in walk(v, k)]
            if isinstance(node, list):
                return [text for v in node for text in walk(v, key)]
            return [node] if isinstance(node, str) and _french_key(key) else []

        return walk(json.loads(path.read_text(encoding="utf-8")))
    with open(path, encoding="utf-8", newline="") as fh:
        return [value for row in csv.DictReader(fh) for k, value in row.items() if _french_key(k)]


@pytest.mark.parametrize("path", FRENCH_DATA, ids=[str(p.relative_to(ROOT)) for p in FRENCH_DATA])
def test_french_data_spaces_its_punctuation(path: Path) -> None:
    values = _french_values(path)
    assert [value for value in values if french_spaces(value) != value] == []
