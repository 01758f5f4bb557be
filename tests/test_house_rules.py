"""House rules that review kept missing (ARCHITECTURE.md, "Layers and import rules"):

- views and API handlers read through selectors: no ``.objects`` in any views module (a
  name containing ``views``) or ``api.py`` of ``aluhub/``;
- a 403 comes from the app's access functions (``get_<thing>_for_user``, ``require_*`` in
  its selectors), never from a ``raise PermissionDenied`` written in a view or API handler
  (every app, common and the site shell included), nor in a service (services call the
  access function: the rule of each object lives in one place);
- a module of ``aluhub/`` (migrations aside) over 600 lines says why in a ``# Size:`` line
  among its first five lines, or is split.

The sources are parsed (``ast``), so comments and strings never count, and a new violation
anywhere fails here with its path and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "aluhub"
MAX_LINES = 600


def _sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def _view_modules() -> list[Path]:
    return [p for p in _sources() if "views" in p.stem or p.name == "api.py"]


def objects_lines(path: Path) -> list[int]:
    """Line numbers of ``<something>.objects`` in the code (comments and strings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted(
        {
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "objects"
        }
    )


def permission_denied_lines(path: Path) -> list[int]:
    """Line numbers of ``raise PermissionDenied`` / ``raise PermissionDenied(...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "PermissionDenied":
                found.add(node.lineno)
    return sorted(found)


def test_the_scan_sees_the_view_modules() -> None:
    names = {str(p.relative_to(ROOT)) for p in _view_modules()}
    # A wrong root or pattern would make the rules below pass on nothing.
    assert {
        "funding/views.py",
        "funding/api.py",
        "collab/views_alerts.py",
        "common/subscription_views.py",
    } <= names


def test_objects_lines_finds_a_query_and_skips_comments(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text(
        "# Program.objects in a comment\n"
        "x = Program.objects.all()\n"
        '"""Program.objects in a docstring"""\n'
        "y = objects_of(1)  # .objects after code\n"
        "z = {\n"
        '    "rows": list(Row.objects.filter(a=1)),\n'
        "}\n",
        encoding="utf-8",
    )
    assert objects_lines(sample) == [2, 6]


def test_permission_denied_lines_finds_both_forms(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text(
        "def a():\n"
        "    raise PermissionDenied\n"
        "def b():\n"
        '    raise PermissionDenied("no")\n'
        "def c():\n"
        "    raise Http404  # PermissionDenied\n",
        encoding="utf-8",
    )
    assert permission_denied_lines(sample) == [2, 4]


@pytest.mark.parametrize(
    "path",
    _view_modules(),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_views_leave_403_to_access_functions(path: Path) -> None:
    lines = permission_denied_lines(path)
    assert lines == [], (
        f"aluhub/{path.relative_to(ROOT)} raises PermissionDenied at lines {lines}: "
        "put the rule in an access function of the app's selectors"
    )


def _service_modules() -> list[Path]:
    return [
        p
        for p in _sources()
        if "services" in p.stem or "services" in p.parts or p.name == "exchange.py"
    ]


def test_the_scan_sees_the_service_modules() -> None:
    names = {str(p.relative_to(ROOT)) for p in _service_modules()}
    assert {
        "circular/services.py",
        "collab/services/groups.py",
        "collab/services_initiatives.py",
        "trace/exchange.py",
        "workforce/services.py",
    } <= names


@pytest.mark.parametrize("path", _service_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_services_take_403_from_access_functions(path: Path) -> None:
    lines = permission_denied_lines(path)
    assert lines == [], (
        f"aluhub/{path.relative_to(ROOT)} raises PermissionDenied at lines {lines}: call the "
        "app's access function (require_* in its selectors) instead"
    )


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_api_read_through_selectors(path: Path) -> None:
    lines = objects_lines(path)
    assert lines == [], (
        f"aluhub/{path.relative_to(ROOT)} reads models directly (.objects) at lines {lines}: "
        "read through the app's selectors"
    )


def test_long_modules_say_why_at_their_top() -> None:
    unexplained = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) > MAX_LINES and not any(line.startswith("# Size:") for line in lines[:5]):
            unexplained.append(f"aluhub/{path.relative_to(ROOT)} ({len(lines)} lines)")
    assert unexplained == [], "split these modules or give a '# Size:' reason at the top"
