"""Writes of group documents: versions, text extraction for the search, reindexing."""

from __future__ import annotations

import html
import re
import zipfile
from typing import IO, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import User
from aluhub.common import search
from aluhub.common.uploads import MB, check_upload

from .. import selectors
from ..models import (
    Confidentiality,
    DocumentVersion,
    Event,
    GroupDocument,
    Initiative,
    WorkingGroup,
)

# --- group documents ---------------------------------------------------------------------

#: Accepted document types and their size limit (bytes).
DOCUMENT_TYPES = {
    "pdf": 20 * MB,
    "docx": 20 * MB,
    "xlsx": 20 * MB,
    "pptx": 20 * MB,
    "csv": 5 * MB,
}
#: Characters of extracted text kept for the search document.
DOCUMENT_TEXT_MAX = 50_000
_OFFICE_TEXT_PARTS = {
    "docx": re.compile(r"^word/document\.xml$"),
    "pptx": re.compile(r"^ppt/slides/slide\d+\.xml$"),
    "xlsx": re.compile(r"^xl/sharedStrings\.xml$"),
}
_TAG = re.compile(r"<[^>]+>")


#: Pages of a PDF read for its text (the first ones: a search needs words, not all).
PDF_PAGES_MAX = 200


def pdf_text(fh: IO[bytes]) -> str:
    """The text layer of a PDF (pypdf), first pages first, up to ``DOCUMENT_TEXT_MAX``
    characters; "" for a PDF without text (a scan), an encrypted or a damaged one."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    parts: list[str] = []
    size = 0
    try:
        reader = PdfReader(fh)
        if reader.is_encrypted:
            return ""
        for page in reader.pages[:PDF_PAGES_MAX]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= DOCUMENT_TEXT_MAX:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        # An uploaded file is not trusted: a damaged PDF keeps the text read so far.
        pass
    return " ".join(" ".join(parts).split())[:DOCUMENT_TEXT_MAX]


def document_text(fh: IO[bytes], kind: str) -> str:
    """The text of a file for the search: CSV as written, the words of the XML parts of
    Office files (tags dropped), the text layer of a PDF."""
    fh.seek(0)
    try:
        if kind == "csv":
            return fh.read(DOCUMENT_TEXT_MAX * 4).decode("utf-8", "ignore")[:DOCUMENT_TEXT_MAX]
        if kind == "pdf":
            return pdf_text(fh)
        pattern = _OFFICE_TEXT_PARTS.get(kind)
        if pattern is None:
            return ""
        parts: list[str] = []
        with zipfile.ZipFile(fh) as archive:
            for name in sorted(n for n in archive.namelist() if pattern.match(n)):
                with archive.open(name) as part:
                    xml = part.read(DOCUMENT_TEXT_MAX * 8).decode("utf-8", "ignore")
                parts.append(html.unescape(_TAG.sub(" ", xml)))
        return " ".join(" ".join(parts).split())[:DOCUMENT_TEXT_MAX]
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    finally:
        fh.seek(0)


def document_reindex(*, document: GroupDocument) -> None:
    """Store the search document of ``document`` (title, description, latest text)."""
    latest = document.versions.order_by("-number").first()
    document.search_text = search.document(
        [document.title, document.description, latest.text if latest else ""]
    )
    GroupDocument.objects.filter(pk=document.pk).update(search_text=document.search_text)


def _version_add(
    *, document: GroupDocument, by: User, upload: UploadedFile, note: str
) -> DocumentVersion:
    kind = check_upload(
        cast(IO[bytes], upload.file),
        name=upload.name or "",
        size=upload.size,
        accepted=DOCUMENT_TYPES,
    )
    text = document_text(cast(IO[bytes], upload.file), kind)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=(upload.name or f"document.{kind}")[-255:],
        kind=kind,
        size=upload.size or 0,
        note=note.strip(),
        text=text,
        uploaded_by=by,
    )
    upload.seek(0)
    version.file.save(f"v{number}.{kind}", upload, save=False)
    version.save()
    return version


@transaction.atomic
def group_document_create(
    *,
    group: WorkingGroup,
    by: User,
    title: str,
    upload: UploadedFile,
    confidentiality: str = Confidentiality.GROUP,
    description: str = "",
) -> GroupDocument:
    """A new document with its first version (the file is checked by content and size)."""
    selectors.require_document_uploader(by, group)
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    document = GroupDocument.objects.create(
        group=group,
        title=title.strip(),
        description=description.strip(),
        confidentiality=Confidentiality(confidentiality),
        created_by=by,
    )
    try:
        _version_add(document=document, by=by, upload=upload, note="")
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    document_reindex(document=document)
    return document


@transaction.atomic
def document_version_add(
    *, document: GroupDocument, by: User, upload: UploadedFile, note: str = ""
) -> DocumentVersion:
    """Upload a new version; earlier versions stay downloadable."""
    selectors.require_document_uploader(by, document.group)
    document = GroupDocument.objects.select_for_update().get(pk=document.pk)
    try:
        version = _version_add(document=document, by=by, upload=upload, note=note)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    GroupDocument.objects.filter(pk=document.pk).update(updated_at=timezone.now())
    document_reindex(document=document)
    return version


def documents_reindex() -> int:
    """Rebuild the search documents of every group document (``aluhub reindex``)."""
    count = 0
    for document in GroupDocument.objects.all():
        document_reindex(document=document)
        count += 1
    return count


@transaction.atomic
def lists_reindex() -> int:
    """Rebuild the stored search documents of the working groups, events and initiatives
    (``aluhub reindex``, after common.search or its synonyms changed)."""
    count = 0
    for model in (WorkingGroup, Event, Initiative):
        for record in model.objects.all():
            record.save(update_fields=["search_text"])
            count += 1
    return count
