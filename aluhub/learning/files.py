"""Upload checks (type by content, size per type) and PDF previews.

The checks are :func:`aluhub.common.uploads.check_upload`: the type comes from the bytes,
never from the name or the browser's Content-Type. A PPTX is a ZIP that holds
``[Content_Types].xml`` and a ``ppt/`` folder; any other ZIP is a plain archive.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from aluhub.common.uploads import check_upload

from .models import FileKind

MB = 1024 * 1024

#: Size limit per detected kind, in bytes.
MAX_BYTES: dict[str, int] = {
    FileKind.PDF: 50 * MB,
    FileKind.PPTX: 200 * MB,
    FileKind.ZIP: 200 * MB,
    FileKind.MP4: 1024 * MB,
    "m4v": 1024 * MB,
}


def validate_upload(fh: IO[bytes], *, name: str, size: int) -> str:
    """Return the file's kind (a ``FileKind``) or raise ValidationError naming what is wrong."""
    kind = check_upload(
        fh,
        name=name,
        size=size,
        accepted=MAX_BYTES,
        type_error=_("Unsupported file: only PDF, PPTX, MP4 and ZIP files are accepted."),
    )
    return FileKind.MP4 if kind == "m4v" else kind


def pdftoppm_available() -> bool:
    return shutil.which("pdftoppm") is not None


def render_pdf_first_page(pdf_path: Path, *, width: int = 480) -> bytes | None:
    """PNG bytes of page 1, or None when pdftoppm is missing or fails (never raises)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "page"
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [tool, "-png", "-f", "1", "-l", "1", "-scale-to", str(width), str(pdf_path), out],
                check=True,
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        pngs = sorted(Path(tmp).glob("page*.png"))
        return pngs[0].read_bytes() if pngs else None
