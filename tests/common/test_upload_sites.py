"""Every place a user can upload a file, through its service (issue #15, finding 1 and item 3).

For each upload site: a phone JPEG carrying GPS/Artist EXIF is either stored re-encoded
without any metadata (orientation applied to the pixels) where images are accepted, or refused
where they are not; a PDF or ZIP is recognised by its bytes (a text file named ``.pdf`` or
``.zip`` is refused); a file over the site's size limit is refused before it is stored.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from aluhub.challenge import services as challenge
from aluhub.challenge import uploads as challenge_uploads
from aluhub.circular import services as circular
from aluhub.collab import services as collab
from aluhub.common import uploads
from aluhub.innovation import services as innovation
from aluhub.innovation import uploads as innovation_uploads
from aluhub.learning import files as learning_files
from aluhub.learning import services as learning
from tests.challenge.factories import (
    ApplicationFactory,
    EditionFactory,
    StudentFactory,
    TeamFactory,
)
from tests.circular.factories import ListingFactory
from tests.collab.factories import GroupMemberFactory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.images import jpeg_with_gps_and_artist
from tests.innovation.factories import RequestFactory
from tests.learning.factories import make_resource

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: The GPS JPEG is 40 x 20 with orientation 6 (rotate 90° clockwise): it must stand 20 x 40.
PHONE_JPEG = jpeg_with_gps_and_artist(orientation=6, size=(40, 20))


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("exercise/readme.txt", "data")
    return out.getvalue()


def _read(field: Any) -> bytes:
    with field.open("rb") as fh:
        return bytes(fh.read())


# Each site takes (name, bytes) and stores them through the app's service, answering the
# stored bytes; a refused file raises ValidationError.


def _circular_photo(name: str, data: bytes) -> bytes:
    listing = ListingFactory()
    photo = circular.listing_photo_add(listing=listing, upload=SimpleUploadedFile(name, data))
    return _read(photo.file)


def _innovation_attachment(name: str, data: bytes) -> bytes:
    organization = OrganizationFactory()
    user = UserFactory()
    MembershipFactory(user=user, organization=organization)
    request = RequestFactory(organization=organization, requester=user)
    attachment = innovation.attachment_add(
        request=request, user=user, upload=SimpleUploadedFile(name, data)
    )
    return _read(attachment.file)


def _challenge_cv(name: str, data: bytes) -> bytes:
    app = challenge.application_submit(
        edition=EditionFactory(),
        student=StudentFactory(),
        university="ETS",
        program="Génie civil",
        discipline="engineering",
        cycle=1,
        year_of_study=2,
        languages="français",
        motivation="J'aime l'aluminium.",
        cv=SimpleUploadedFile(name, data),
    )
    return _read(app.cv)


def _challenge_deliverable(name: str, data: bytes) -> bytes:
    team = TeamFactory(edition=EditionFactory(teams_published=True))
    student = ApplicationFactory(edition=team.edition, team=team).student
    sub = challenge.submission_upload(
        user=student, team=team, kind="presentation", upload=SimpleUploadedFile(name, data)
    )
    return _read(sub.file)


def _learning_resource(name: str, data: bytes) -> bytes:
    version = learning.resource_version_add(
        resource=make_resource(), content=io.BytesIO(data), filename=name
    )
    return _read(version.file)


def _collab_document(name: str, data: bytes) -> bytes:
    member = GroupMemberFactory()
    document = collab.group_document_create(
        group=member.group, by=member.user, title="Bilan", upload=SimpleUploadedFile(name, data)
    )
    return _read(document.versions.get().file)


@dataclass(frozen=True)
class Site:
    store: Callable[[str, bytes], bytes]
    images: bool  # images accepted (then re-encoded without metadata)
    limit: int  # size limit of a PDF (of a JPEG where PDFs are not accepted), in bytes
    zip: bool = False  # plain ZIP archives accepted


SITES = {
    "circular listing photo": Site(_circular_photo, True, circular.MAX_PHOTO_BYTES),
    "innovation attachment": Site(
        _innovation_attachment, True, innovation_uploads.ACCEPTED["pdf"], zip=True
    ),
    "challenge CV": Site(_challenge_cv, False, challenge_uploads.MAX_UPLOAD_BYTES),
    "challenge deliverable": Site(
        _challenge_deliverable, False, challenge_uploads.MAX_UPLOAD_BYTES
    ),
    "learning resource": Site(_learning_resource, False, learning_files.MAX_BYTES["pdf"], zip=True),
    "collab document": Site(_collab_document, False, collab.DOCUMENT_TYPES["pdf"]),
}
IMAGE_SITES = [name for name, site in SITES.items() if site.images]
DOCUMENT_SITES = [name for name, site in SITES.items() if name != "circular listing photo"]
ZIP_SITES = [name for name, site in SITES.items() if site.zip]


@pytest.mark.parametrize("site", IMAGE_SITES)
def test_a_phone_jpeg_is_stored_without_gps_or_author_and_stands_upright(site: str) -> None:
    assert b"Jeanne Vendeuse" in PHONE_JPEG and b"Phone 12" in PHONE_JPEG
    stored = SITES[site].store("IMG_0001.jpg", PHONE_JPEG)
    assert b"Jeanne Vendeuse" not in stored and b"Phone 12" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}  # no Artist, Model, GPS IFD, nor orientation tag
    assert "exif" not in image.info
    assert image.size == (20, 40)
    red, green, _blue = image.convert("RGB").getpixel((10, 5))  # type: ignore[misc]
    assert red > 150 and green < 80  # the red left half is now on top


@pytest.mark.parametrize("site", [name for name in SITES if name not in IMAGE_SITES])
@pytest.mark.parametrize("name", ["IMG_0001.jpg", "scan.pdf"])
def test_a_phone_jpeg_is_refused_where_images_are_not_accepted(site: str, name: str) -> None:
    with pytest.raises(ValidationError):
        SITES[site].store(name, PHONE_JPEG)


@pytest.mark.parametrize("site", DOCUMENT_SITES)
def test_a_pdf_is_recognised_by_its_bytes_and_stored_as_sent(site: str) -> None:
    assert SITES[site].store("rapport.pdf", PDF) == PDF
    with pytest.raises(ValidationError):
        SITES[site].store("rapport.pdf", b"Not a PDF, only a text file named like one.\n")


@pytest.mark.parametrize("site", ZIP_SITES)
def test_a_zip_is_recognised_by_its_bytes(site: str) -> None:
    archive = _zip()
    assert SITES[site].store("exercices.zip", archive) == archive
    with pytest.raises(ValidationError):
        SITES[site].store("exercices.zip", b"PK but not an archive at all")


@pytest.mark.parametrize("site", list(SITES))
def test_a_file_over_the_sites_limit_is_refused(site: str) -> None:
    limit = SITES[site].limit
    head, name = (PHONE_JPEG, "photo.jpg") if site == "circular listing photo" else (PDF, "a.pdf")
    assert SITES[site].store(name, head)  # the same kind of file, small, is stored
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        SITES[site].store(name, head + b"\0" * (limit + 1 - len(head)))
    message = " ".join(refused.value.messages)
    assert "larger than" in message or "too large" in message
    assert f"{limit // uploads.MB}\u00a0MB" in message  # held to its unit (decision 0010)
