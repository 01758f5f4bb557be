"""Small real images for upload tests (Pillow must be able to decode them)."""

from __future__ import annotations

import io

from PIL import Image


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


#: A 4 x 3 red PNG.
PNG = png_bytes()


def jpeg_with_gps_and_artist(*, orientation: int = 1, size: tuple[int, int] = (40, 20)) -> bytes:
    """A phone-like JPEG: EXIF Artist, camera model, GPS position and an orientation tag."""
    image = Image.new("RGB", size, (30, 90, 200))
    # The left half red, so a rotation is visible in the pixels.
    image.paste((220, 20, 20), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x013B] = "Jeanne Vendeuse"  # Artist
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x8825] = {  # GPS IFD: 46°48'N, 71°13'W (Québec City)
        1: "N",
        2: (46.0, 48.0, 0.0),
        3: "W",
        4: (71.0, 13.0, 0.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()
