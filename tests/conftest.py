"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_media_root(
    settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Uploads written by a test go to a temporary folder, never to the developer's var/media."""
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = media  # type: ignore[attr-defined]
    return media


@pytest.fixture(autouse=True)
def _empty_fragment_cache() -> None:
    """Cached page fragments (the default cache) never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    """A test that renders an English page must not leave English active for the next one."""
    yield
    translation.activate("fr")
