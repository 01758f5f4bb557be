"""Attachment checks: the type comes from the bytes (``filetype``), never from the name."""

from __future__ import annotations

from typing import IO

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_BYTES = 10 * MB

#: Detected extension -> accepted file-name extensions.
ACCEPTED: dict[str, set[str]] = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
    "gif": {"gif"},
    "webp": {"webp"},
    "zip": {"zip"},
}


def detect_kind(fh: IO[bytes]) -> str | None:
    fh.seek(0)
    head = fh.read(8192)
    fh.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    # Office files are ZIPs too, but we accept only plain archives, PDFs and images.
    return kind.extension if kind.extension in ACCEPTED else None


def validate_attachment(fh: IO[bytes], *, name: str, size: int) -> str:
    """Return the detected kind or raise ValidationError saying what is wrong."""
    if size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too large (%(size)s MB; at most 10 MB)."),
            code="file_size",
            params={"name": name, "size": f"{size / MB:.1f}"},
        )
    kind = detect_kind(fh)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not accepted: only PDF, images (PNG, JPEG, GIF, WebP) and ZIP."),
            code="file_type",
            params={"name": name},
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ACCEPTED[kind]:
        raise ValidationError(
            _("%(name)s: the name ends in .%(ext)s but the content is %(kind)s."),
            code="file_extension",
            params={"name": name, "ext": extension or "?", "kind": kind.upper()},
        )
    return kind
