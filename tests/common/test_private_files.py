"""common.uploads.private_file: files behind an access check leave no copy in any cache."""

from __future__ import annotations

import io

from aluhub.common.uploads import private_file


def test_a_private_download_is_named_typed_and_kept_by_no_cache() -> None:
    response = private_file(
        io.BytesIO(b"%PDF-1.4"), filename="cv-2027-3.pdf", content_type="application/pdf"
    )
    assert response["Content-Disposition"] == 'attachment; filename="cv-2027-3.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_a_private_picture_shown_in_the_page_is_inline_and_still_not_cached() -> None:
    response = private_file(
        io.BytesIO(b"\x89PNG"),
        filename="listing-1-photo-2.png",
        content_type="image/png",
        inline=True,
    )
    assert response["Content-Disposition"] == 'inline; filename="listing-1-photo-2.png"'
    assert response["Cache-Control"] == "private, no-store"
