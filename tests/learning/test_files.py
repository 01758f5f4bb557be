from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from aluhub.learning import files
from tests.learning.factories import PDF_BYTES, mp4_bytes, pptx_bytes, zip_bytes


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF_BYTES, "a.pdf", "pdf"),
        (pptx_bytes(), "deck.pptx", "pptx"),
        (zip_bytes(), "lab.zip", "zip"),
        (mp4_bytes(), "talk.mp4", "mp4"),
    ],
    # explicit ids: the archives embed the current time, and pytest-xdist workers must
    # collect the same test ids
    ids=["pdf", "pptx", "zip", "mp4"],
)
def test_validate_upload_detects_kind_by_content(data: bytes, name: str, kind: str) -> None:
    assert files.validate_upload(io.BytesIO(data), name=name, size=len(data)) == kind


def test_validate_upload_refuses_a_renamed_file() -> None:
    with pytest.raises(ValidationError) as exc:
        files.validate_upload(io.BytesIO(zip_bytes()), name="slides.pptx", size=100)
    assert exc.value.code == "file_extension"


def test_validate_upload_refuses_text_named_pdf() -> None:
    with pytest.raises(ValidationError) as exc:
        files.validate_upload(io.BytesIO(b"hello world"), name="x.pdf", size=11)
    assert exc.value.code == "file_type"


def test_validate_upload_applies_the_size_limit_of_the_kind() -> None:
    limit = files.MAX_BYTES["pdf"]
    files.validate_upload(io.BytesIO(PDF_BYTES), name="a.pdf", size=limit)
    with pytest.raises(ValidationError) as exc:
        files.validate_upload(io.BytesIO(PDF_BYTES), name="a.pdf", size=limit + 1)
    assert exc.value.code == "file_size"


def test_render_pdf_first_page_never_raises_on_garbage(tmp_path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    result = files.render_pdf_first_page(bad)
    assert result is None


def test_render_pdf_first_page_gives_a_png_preview() -> None:
    # pdftoppm comes from poppler-utils, installed by scripts/ensure-system-deps.sh.
    import tempfile
    from pathlib import Path

    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sheet.pdf"
        page = canvas.Canvas(str(pdf))
        page.drawString(72, 720, "Alliage 6063 : Si 0,20-0,6 %")
        page.save()
        png = files.render_pdf_first_page(pdf, width=200)
    assert png is not None
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_render_pdf_first_page_of_a_broken_file_is_none(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert files.render_pdf_first_page(broken) is None
