"""The one upload check (type by content, size) and Pillow re-encoding without metadata."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from aluhub.common import uploads
from tests.images import PNG, jpeg_with_gps_and_artist

MB = uploads.MB


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"%PDF-1.4\n%...", "a.pdf", "pdf"),
        (PNG, "a.png", "png"),
        (jpeg_with_gps_and_artist(), "a.jpg", "jpg"),
        (_zip("[Content_Types].xml", "ppt/slides/slide1.xml"), "a.pptx", "pptx"),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), "a.xlsx", "xlsx"),
        (_zip("notes.txt"), "a.zip", "zip"),
        ("name,material\nPoutre é,6061\n".encode(), "bom.csv", "csv"),
        (b"name,material\n", "bom.txt", None),
        (b"\x00\x01binary", "bom.csv", None),
        (b"<?php evil ?>", "a.jpg", None),
    ],
    ids=["pdf", "png", "jpg", "pptx", "xlsx", "zip", "csv", "text-not-csv", "binary", "php"],
)
def test_type_comes_from_the_content(data: bytes, name: str, kind: str | None) -> None:
    assert uploads.detect_type(io.BytesIO(data), name=name) == kind


def _check(data: bytes, name: str, size: int | None = None, **kw: object) -> str:
    accepted = kw.pop("accepted", {"pdf": 1 * MB, "png": 2 * MB})
    return uploads.check_upload(
        io.BytesIO(data),
        name=name,
        size=len(data) if size is None else size,
        accepted=accepted,  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_check_upload_answers_the_kind_or_names_what_is_wrong() -> None:
    assert _check(PNG, "photo.PNG") == "png"
    with pytest.raises(ValidationError) as exc:
        _check(PNG, "photo.pdf")
    assert exc.value.code == "file_extension"
    with pytest.raises(ValidationError) as exc:
        _check(b"hello", "x.pdf")
    assert exc.value.code == "file_type"
    assert "x.pdf" in exc.value.messages[0] and "PDF, PNG" in exc.value.messages[0]
    # Per-type limit: 1.5 MB is fine for a PNG, too large for a PDF.
    assert _check(PNG, "a.png", size=int(1.5 * MB)) == "png"
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _check(b"%PDF-1.4\n", "a.pdf", size=int(1.5 * MB))
    assert exc.value.code == "file_size"
    assert exc.value.params == {"name": "a.pdf", "size": "1.5\u00a0MB", "limit": "1\u00a0MB"}
    assert exc.value.messages == ["a.pdf is too large (1.5\u00a0MB; at most 1\u00a0MB)."]
    # The sizes in the page's language: a decimal comma in French.
    with translation.override("fr"):
        with pytest.raises(ValidationError) as exc:
            _check(b"%PDF-1.4\n", "a.pdf", size=int(2.5 * MB))
        french = exc.value.messages
    assert french == ["a.pdf est trop volumineux (2,5\u00a0Mo\u202f; au plus 2\u00a0Mo)."]
    with pytest.raises(ValidationError) as exc:
        _check(b"hello", "a.txt", type_error="Only pictures.")
    assert exc.value.messages == ["Only pictures."]


def test_clean_image_drops_exif_gps_and_artist_and_applies_the_orientation() -> None:
    original = jpeg_with_gps_and_artist(orientation=8, size=(40, 20))
    assert Image.open(io.BytesIO(original)).getexif().get(0x013B) == "Jeanne Vendeuse"
    clean = uploads.clean_image(io.BytesIO(original))
    assert (clean.kind, clean.content_type) == ("jpg", "image/jpeg")
    image = Image.open(io.BytesIO(clean.data))
    assert dict(image.getexif()) == {}
    assert b"Jeanne" not in clean.data and b"Phone 12" not in clean.data
    # Orientation 8 = rotate 90° counter-clockwise: the red left half ends at the bottom.
    assert (image.width, image.height) == (clean.width, clean.height) == (20, 40)
    red, green, _blue = image.convert("RGB").getpixel((10, 35))  # type: ignore[misc]
    assert red > 150 and green < 80


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_clean_image_drops_exif_from_png_and_webp(fmt: str) -> None:
    exif = Image.Exif()
    exif[0x013B] = "Jeanne Vendeuse"
    source = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(source, fmt, exif=exif)
    assert b"Jeanne" in source.getvalue()
    clean = uploads.clean_image(source)
    assert b"Jeanne" not in clean.data
    assert dict(Image.open(io.BytesIO(clean.data)).getexif()) == {}


def test_clean_image_refuses_garbage_and_huge_images(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ValidationError) as exc:
        uploads.clean_image(io.BytesIO(fake))
    assert exc.value.code == "image"
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 11)
    with translation.override("en"), pytest.raises(ValidationError, match="too large"):
        uploads.clean_image(io.BytesIO(PNG))  # 4 x 3 = 12 pixels
