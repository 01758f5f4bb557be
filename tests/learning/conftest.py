from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    # Uploaded and generated files go to a throwaway folder, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
