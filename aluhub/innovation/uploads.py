"""Attachment checks: :func:`aluhub.common.uploads.check_upload` with this app's types."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from aluhub.common.uploads import MB, check_upload

MAX_BYTES = 10 * MB

#: Accepted detected types (PDF, images, plain ZIP archives; Office files are refused).
ACCEPTED: dict[str, int] = {kind: MAX_BYTES for kind in ("pdf", "png", "jpg", "gif", "webp", "zip")}


def validate_attachment(fh: IO[bytes], *, name: str, size: int) -> str:
    """Return the detected kind or raise ValidationError saying what is wrong."""
    return check_upload(
        fh,
        name=name,
        size=size,
        accepted=ACCEPTED,
        type_error=_("%(name)s is not accepted: only PDF, images (PNG, JPEG, GIF, WebP) and ZIP.")
        % {"name": name},
    )
