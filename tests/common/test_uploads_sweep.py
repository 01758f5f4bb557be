"""``uploads_sweep`` / ``aluhub sweep_uploads``: files no row references, a day old, go."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from aluhub.common.uploads import uploads_sweep
from aluhub.learning import services
from tests.learning.factories import PDF_BYTES, make_resource

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 3600


class Rollback(Exception):
    pass


def _age(path: Path, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_sweep_deletes_a_version_file_left_by_a_rolled_back_transaction_only() -> None:
    """A library version added inside a caller's transaction that rolls back later leaves its
    file with no row; the sweep deletes it, and keeps a referenced file and a fresh one."""
    resource = make_resource("gone")
    with pytest.raises(Rollback), transaction.atomic():
        version = services.resource_version_add(
            resource=resource, content=io.BytesIO(PDF_BYTES), filename="left.pdf"
        )
        left = Path(version.file.path)
        # Its page-1 thumbnail too, where pdftoppm made one.
        thumbnail = [version.thumbnail.name] if version.thumbnail.name else []
        raise Rollback
    kept = Path(make_resource("kept", file=PDF_BYTES).versions.get().file.path)
    root = Path(settings.MEDIA_ROOT)
    fresh = root / "learning" / "fresh.pdf"
    fresh.write_bytes(PDF_BYTES)
    hidden = root / ".keep"
    hidden.write_bytes(b"")
    for path in (left, kept, hidden, *(root / name for name in thumbnail)):
        _age(path, TWO_DAYS)
    orphan = left.relative_to(root).as_posix()

    assert uploads_sweep(dry_run=True) == sorted([orphan, *thumbnail])
    assert left.exists()
    out = io.StringIO()
    call_command("sweep_uploads", stdout=out)

    deleted = "2 unreferenced files" if thumbnail else "1 unreferenced file"
    assert out.getvalue() == f"{deleted} deleted\n"
    assert (left.exists(), kept.exists(), fresh.exists(), hidden.exists()) == (
        False,
        True,
        True,
        True,
    )


def test_sweep_dry_run_lists_and_counts_and_deletes_nothing() -> None:
    root = Path(settings.MEDIA_ROOT)
    (root / "challenge" / "cv").mkdir(parents=True)
    stray = root / "challenge" / "cv" / "stray.pdf"
    stray.write_bytes(PDF_BYTES)
    _age(stray, TWO_DAYS)
    out = io.StringIO()
    call_command("sweep_uploads", "--dry-run", stdout=out)
    assert out.getvalue() == ("challenge/cv/stray.pdf\n1 unreferenced file would be deleted\n")
    assert stray.exists()
