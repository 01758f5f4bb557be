"""Finding 1 of issue #15: a listing photo must not carry the seller's GPS position or name."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.circular.factories import ListingFactory, member_of
from tests.factories import OrganizationFactory
from tests.images import jpeg_with_gps_and_artist

pytestmark = pytest.mark.usefixtures("reference")


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_phone_photo_is_served_to_another_organization_without_exif() -> None:
    seller = OrganizationFactory()
    offer = ListingFactory(organization=seller)
    original = jpeg_with_gps_and_artist(orientation=6, size=(40, 20))
    assert b"Jeanne Vendeuse" in original
    with translation.override("en"):
        add = reverse("circular:listing_photos_add", args=[offer.pk])
    assert add == f"/en/recycling/exchange/{offer.pk}/photos/add/"
    upload = SimpleUploadedFile("IMG_0001.jpg", original, content_type="image/jpeg")
    response = _client(member_of(seller)).post(add, {"photos": [upload]})
    assert response.status_code == 302
    photo = offer.photos.get()

    buyer = _client(member_of(OrganizationFactory()))
    with translation.override("en"):
        served = buyer.get(reverse("circular:listing_photo", args=[offer.pk, photo.pk]))
    assert served.status_code == 200
    assert served["Cache-Control"] == "private, no-store"
    assert served["Content-Disposition"].startswith("inline;")
    data = b"".join(served.streaming_content)  # type: ignore[attr-defined]
    assert b"Jeanne Vendeuse" not in data and b"Phone 12" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    # Orientation 6 (rotate 90° clockwise) was applied to the pixels: 40 x 20 stands as 20 x 40,
    # and the red left half is now on top.
    assert image.size == (20, 40)
    red, green, _blue = image.convert("RGB").getpixel((10, 5))  # type: ignore[misc]
    assert red > 150 and green < 80
    assert served["Content-Type"] == "image/jpeg"
    assert photo.size == len(data)
