from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    # Attachments of these tests go to a throwaway folder, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    # A request to /en/ leaves English active in the thread; reverse() must start in French.
    from django.utils import translation

    with translation.override("fr"):
        yield
