"""Upload checks (type by content, size per type) and PDF previews.

The type comes from the bytes (``filetype`` magic numbers), never from the name or the
browser's Content-Type. A PPTX is a ZIP that holds ``[Content_Types].xml`` and a
``ppt/`` folder; any other ZIP is a plain archive.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import IO

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import FileKind

MB = 1024 * 1024

#: Size limit per detected kind, in bytes.
MAX_BYTES: dict[str, int] = {
    FileKind.PDF: 50 * MB,
    FileKind.PPTX: 200 * MB,
    FileKind.ZIP: 200 * MB,
    FileKind.MP4: 1024 * MB,
}

EXTENSIONS: dict[str, set[str]] = {
    FileKind.PDF: {"pdf"},
    FileKind.PPTX: {"pptx"},
    FileKind.ZIP: {"zip"},
    FileKind.MP4: {"mp4", "m4v"},
}


def _is_pptx(fh: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(fh) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names)


def detect_kind(fh: IO[bytes]) -> str | None:
    """``pdf``, ``pptx``, ``mp4``, ``zip`` or None, from the content of ``fh``."""
    fh.seek(0)
    head = fh.read(8192)
    fh.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime == "application/pdf":
        return FileKind.PDF
    if kind.mime in {"video/mp4", "video/x-m4v"}:
        return FileKind.MP4
    if kind.extension in {"zip", "pptx", "docx", "xlsx"}:
        result = FileKind.PPTX if _is_pptx(fh) else FileKind.ZIP
        fh.seek(0)
        return result
    return None


def validate_upload(fh: IO[bytes], *, name: str, size: int) -> str:
    """Return the file's kind or raise ValidationError naming what is wrong."""
    kind = detect_kind(fh)
    if kind is None:
        raise ValidationError(
            _("Unsupported file: only PDF, PPTX, MP4 and ZIP files are accepted."),
            code="file_type",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("The file name ends in .%(ext)s but its content is %(kind)s."),
            code="file_extension",
            params={"ext": extension or "?", "kind": FileKind(kind).label},
        )
    if size > MAX_BYTES[kind]:
        raise ValidationError(
            _("This %(kind)s file is too large (%(size)s MB; at most %(limit)s MB)."),
            code="file_size",
            params={
                "kind": FileKind(kind).label,
                "size": f"{size / MB:.1f}",
                "limit": MAX_BYTES[kind] // MB,
            },
        )
    return kind


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
