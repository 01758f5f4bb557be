"""The layout the stages of scripts/test.sh rely on (docs/testing.md)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import BROWSER_DIR, stray_browser_tests

TESTS = Path(__file__).resolve().parent


def _item(path: Path, *marks: str) -> Any:
    return SimpleNamespace(
        nodeid=f"{path.relative_to(TESTS.parent)}::test_x",
        path=path,
        get_closest_marker=lambda name: pytest.mark.browser if name in marks else None,
    )


def test_browser_tests_outside_tests_browser_are_found() -> None:
    inside = _item(BROWSER_DIR / "test_smoke.py", "browser")
    nested = _item(BROWSER_DIR / "sub" / "test_deep.py", "browser")
    outside = _item(TESTS / "funding" / "test_views.py", "browser")
    unmarked = _item(TESTS / "funding" / "test_api.py")
    assert stray_browser_tests([inside, nested, outside, unmarked]) == [
        "tests/funding/test_views.py::test_x"
    ]
    assert stray_browser_tests([inside, nested, unmarked]) == []
