from __future__ import annotations

from pathlib import Path

import pytest

from aluhub.common.reference import no_progress


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    # Photos of these tests go to a throwaway folder, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]


@pytest.fixture
def reference(db: None) -> None:
    from aluhub.circular.reference import load_reference

    load_reference(no_progress)
