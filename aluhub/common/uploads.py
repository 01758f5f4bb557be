"""The one upload check (type from the bytes, size) and image re-encoding.

* :func:`detect_type` reads the first bytes (``filetype`` magic numbers), never trusting
  the file name or the browser's Content-Type: ``pdf``, ``jpg``, ``png``, ``gif``, ``webp``,
  ``mp4``, ``m4v``, ``zip``, ``pptx``, ``xlsx``, ``docx``, or ``csv`` (UTF-8 text without NUL
  bytes whose name ends in ``.csv``). An Office file is a ZIP told apart by its folders.
* :func:`check_upload` answers the detected type or raises ``ValidationError`` naming
  the file and what is wrong (too large, type not accepted, name not matching the content).
* :func:`clean_image` decodes an image with Pillow and encodes it again: EXIF (GPS
  position, camera, Artist), XMP and comments are dropped; the EXIF orientation is applied
  to the pixels first so the photo still stands the right way up. Every stored image an
  upload can produce goes through it: the sites that accept images are the exchange's
  listing photos and the innovation requests' attachments (trace's mill certificates are
  tracked in issue #12); the challenge (CV, deliverables), the learning library and the
  working groups' documents refuse images. tests/common/test_upload_sites.py checks every
  site: no EXIF stored, PDFs and ZIPs recognised by their bytes, size limits.
* :func:`uploads_sweep` deletes the files under ``MEDIA_ROOT`` that no row references (a
  day old): what a rolled-back transaction or a row deleted without its file left behind
  (``aluhub sweep_uploads``, daily on the worker; docs/operations.md).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

import filetype
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from aluhub.common.lang import active_lang
from aluhub.engines.text import format_quantity

logger = logging.getLogger("aluhub.uploads")

MB = 1024 * 1024

#: Accepted file-name extensions per detected type.
EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "jpg": frozenset({"jpg", "jpeg"}),
    "png": frozenset({"png"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    "mp4": frozenset({"mp4", "m4v"}),
    "m4v": frozenset({"mp4", "m4v"}),
    "zip": frozenset({"zip"}),
    "pptx": frozenset({"pptx"}),
    "xlsx": frozenset({"xlsx"}),
    "docx": frozenset({"docx"}),
    "csv": frozenset({"csv"}),
}

IMAGE_MIME = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}

#: Largest image accepted for re-encoding, in pixels (a "decompression bomb" guard).
MAX_IMAGE_PIXELS = 50_000_000

_OFFICE_FOLDERS = (("ppt/", "pptx"), ("xl/", "xlsx"), ("word/", "docx"))


def _office_or_zip(fh: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(fh) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    finally:
        fh.seek(0)
    if "[Content_Types].xml" in names:
        for folder, kind in _OFFICE_FOLDERS:
            if any(n.startswith(folder) for n in names):
                return kind
    return "zip"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for cut in range(4):  # a multi-byte character may straddle the end of ``head``
        try:
            head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect_type(fh: IO[bytes], *, name: str = "") -> str | None:
    """The type of ``fh`` from its content (see the module docstring), or None."""
    fh.seek(0)
    head = fh.read(8192)
    fh.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        extension = str(kind.extension)
        if extension in {"zip", "docx", "xlsx", "pptx"}:
            return _office_or_zip(fh)
        return extension if extension in EXTENSIONS else None
    if head and _is_text(head) and name.lower().endswith(".csv"):
        return "csv"
    return None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(
    fh: IO[bytes],
    *,
    name: str,
    size: int | None,
    accepted: Mapping[str, int],
    check_extension: bool = True,
    type_error: str | None = None,
) -> str:
    """Return the detected type of an upload or raise ``ValidationError``.

    ``accepted`` maps each accepted type to its size limit in bytes. The error codes are
    ``file_size``, ``file_type`` (message ``type_error`` when given) and ``file_extension``.
    """
    display = name or _("The file")
    largest = max(accepted.values())
    if size is not None and size > largest:
        raise ValidationError(
            _("%(name)s is too large (%(size)s; at most %(limit)s)."),
            code="file_size",
            params={
                "name": display,
                "size": megabytes(size, decimals=1),
                "limit": megabytes(largest),
            },
        )
    kind = detect_type(fh, name=name)
    if kind is None or kind not in accepted:
        raise ValidationError(
            type_error
            or _("%(name)s: this type of file is not accepted here (accepted: %(types)s).")
            % {"name": display, "types": ", ".join(sorted(t.upper() for t in accepted))},
            code="file_type",
        )
    if size is not None and size > accepted[kind]:
        raise ValidationError(
            _("%(name)s is too large (%(size)s; at most %(limit)s)."),
            code="file_size",
            params={
                "name": display,
                "size": megabytes(size, decimals=1),
                "limit": megabytes(accepted[kind]),
            },
        )
    ext = _extension(name)
    if check_extension and ext not in EXTENSIONS[kind]:
        raise ValidationError(
            _("%(name)s: the name ends in .%(ext)s but the content is %(kind)s."),
            code="file_extension",
            params={"name": display, "ext": ext or "?", "kind": kind.upper()},
        )
    return kind


def megabytes(size: int, *, decimals: int | None = None) -> str:
    """A size in megabytes in the page's language, held to its unit by a no-break space:
    ``2,5 Mo`` in French, ``2.5 MB`` in English."""
    return format_quantity(size / MB, pgettext("megabytes", "MB"), active_lang(), decimals=decimals)


def size_message(message: str, **sizes: int) -> str:
    """A form's label or help text that states size limits: ``message`` (marked with
    ``gettext_noop``, each limit a placeholder: ``size_message(noop("… %(size)s …"),
    size=5 * MB)``) translated when it is shown, each limit written by :func:`megabytes`
    (« 5 Mo » / "5 MB", held by a no-break space)."""
    return lazy(lambda: _(message) % {k: megabytes(v) for k, v in sizes.items()}, str)()


@dataclass(frozen=True)
class CleanImage:
    """An image re-encoded without metadata."""

    data: bytes
    kind: str  # jpg, png, webp or gif
    content_type: str
    width: int
    height: int


_IMAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, SyntaxError, ValueError, EOFError)


def _open_image(fh: IO[bytes]) -> Any:
    from PIL import Image

    fh.seek(0)
    return Image.open(fh)


def check_image(fh: IO[bytes], *, kind: str | None = None) -> str:
    """The image type of ``fh`` after Pillow read its header and checked its structure.

    Raises ``ValidationError`` (code ``image``) for a file Pillow cannot read or an image
    larger than :data:`MAX_IMAGE_PIXELS`. Cheap: the pixels are not decoded.
    """
    from PIL import Image

    kind = kind or detect_type(fh)
    if kind not in IMAGE_MIME:
        raise ValidationError(_("This file is not an image we can read."), code="image")
    try:
        with _open_image(fh) as opened:
            pixels = opened.width * opened.height
            if pixels > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("This image is too large (%(pixels)s megapixels; at most %(limit)s).")
                    % {"pixels": round(pixels / 1e6), "limit": MAX_IMAGE_PIXELS // 1_000_000},
                    code="image",
                )
            opened.verify()
    except _IMAGE_ERRORS + (Image.DecompressionBombError,) as exc:
        raise ValidationError(_("This file is not an image we can read."), code="image") from exc
    finally:
        fh.seek(0)
    return kind


def clean_image(fh: IO[bytes], *, kind: str | None = None) -> CleanImage:
    """Decode ``fh`` and encode it again in the same format, without metadata.

    The EXIF orientation is applied to the pixels; EXIF (GPS, Artist, camera), XMP and text
    chunks are not copied. The ICC colour profile is kept (it describes colours, not people).
    Raises ``ValidationError`` (code ``image``) for an image Pillow cannot decode or one
    larger than :data:`MAX_IMAGE_PIXELS`.
    """
    from PIL import ImageOps

    kind = check_image(fh, kind=kind)
    try:
        with _open_image(fh) as opened:
            icc = opened.info.get("icc_profile")
            opened.load()
            image = ImageOps.exif_transpose(opened) or opened
            image = image.copy()
    except _IMAGE_ERRORS as exc:
        raise ValidationError(_("This file is not an image we can read."), code="image") from exc
    finally:
        fh.seek(0)
    image.info = {}
    out = io.BytesIO()
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if kind == "jpg":
        if image.mode not in {"RGB", "L", "CMYK"}:
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True, **options)
    elif kind == "png":
        image.save(out, "PNG", optimize=True, **options)
    elif kind == "webp":
        image.save(out, "WEBP", quality=90, **options)
    else:
        image.save(out, "GIF")
    return CleanImage(out.getvalue(), kind, IMAGE_MIME[kind], image.width, image.height)


# --- Files no row references -----------------------------------------------------------------

#: A file no row references is deleted only once it is this old: an upload whose row is still
#: being written (a transaction under way) is never that old.
SWEEP_MIN_AGE = timedelta(days=1)


def referenced_upload_names() -> set[str]:
    """The stored name of every file a row references: each ``FileField`` (``ImageField``
    too) of every installed model, read from the database."""
    names: set[str] = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                    .exclude(**{field.attname: ""})
                    .values_list(field.attname, flat=True)
                    .iterator()
                )
    return names


def uploads_sweep(*, dry_run: bool = False, now: datetime | None = None) -> list[str]:
    """Delete the files under ``MEDIA_ROOT`` that no row references and that are older than
    :data:`SWEEP_MIN_AGE`; answer their names (relative to ``MEDIA_ROOT``), sorted.

    A file is left behind when the transaction that stored it rolls back after it was written
    (Django has no on-rollback hook), or when its row goes without its file (an admin or
    cascade delete). The referenced names are read before the folder is walked, so a file
    stored meanwhile is either referenced or too fresh. Hidden files (``.name``) are never
    touched. ``dry_run``: list, delete nothing. The worker runs it daily
    (``aluhub sweep_uploads``, see schedule.py).
    """
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    referenced = referenced_upload_names()
    cutoff = ((now or timezone.now()) - SWEEP_MIN_AGE).timestamp()
    orphans: list[str] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        name = relative.as_posix()
        if name in referenced or path.stat().st_mtime > cutoff:
            continue
        orphans.append(name)
    if not dry_run:
        for name in orphans:
            (root / name).unlink(missing_ok=True)
            logger.info("deleted %s: no row references it", name)
    return orphans


def private_file(
    handle: IO[bytes],
    *,
    filename: str,
    content_type: str | None = None,
    inline: bool = False,
) -> Any:
    """A file someone may see only after an access check, as a response: a download named
    ``filename`` (or shown in the page with ``inline``), its type never guessed by the browser
    (``nosniff``), and kept by no cache, shared or the browser's (``private, no-store``: a
    CV, a certificate or a group's document must not stay on a shared computer or a proxy)."""
    from django.http import FileResponse

    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
