"""The funding commands read the database catalogue (falling back to the reference files
when it is empty): command-level tests therefore get an (empty) test database."""

from __future__ import annotations

from pathlib import Path

import pytest

_COMMAND_TEST_FILES = {"test_commands.py", "test_advisor_scenarios.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if (
            Path(str(item.path)).name in _COMMAND_TEST_FILES
            and Path(str(item.path)).parent == Path(__file__).parent
        ):
            item.add_marker(pytest.mark.django_db)
