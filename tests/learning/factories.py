"""Factories and small helpers for the library's tests."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any, cast

from django.utils import timezone

from aluhub.accounts.models import Role, User
from aluhub.learning import services
from aluhub.learning.models import Resource, TeacherProfile, VerificationStatus
from tests.factories import UserFactory

#: The smallest file filetype recognises as PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pptx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p/>")
    return buf.getvalue()


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("exercise/readme.txt", "data")
    return buf.getvalue()


def mp4_bytes() -> bytes:
    # An ISO base media "ftyp" box with the mp42 brand.
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def make_resource(slug: str = "r1", *, file: bytes | None = None, **kwargs: Any) -> Resource:
    fields: dict[str, Any] = {
        "title_fr": "Alliages et états",
        "title_en": "Alloys and tempers",
        "summary_fr": "Résumé",
        "summary_en": "Summary",
        "type": "document",
        "level": "college",
        "status": "published",
    }
    fields.update(kwargs)
    resource, _ = services.resource_save(slug=slug, **fields)
    if file is not None:
        services.resource_version_add(
            resource=resource, content=io.BytesIO(file), filename=f"{slug}.pdf", note="v1"
        )
    return resource


def make_teacher(*, verified: bool = True, **kwargs: Any) -> User:
    user = cast(User, UserFactory(role=Role.TEACHER, **kwargs))
    TeacherProfile.objects.create(
        user=user,
        institution="Cégep de Chicoutimi",
        status=VerificationStatus.VERIFIED if verified else VerificationStatus.PENDING,
        decided_at=timezone.now() if verified else None,
    )
    return user


def _to_unicode_maps(data: bytes) -> dict[bytes, dict[int, str]]:
    """Font resource name (``F2+0``) -> its ToUnicode map (code -> character)."""
    objects = dict(re.findall(rb"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S))
    maps: dict[bytes, dict[int, str]] = {}
    for name, number in re.findall(rb"/(F\d+(?:\+\d+)?) (\d+) 0 R", data):
        unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", objects.get(number, b""))
        if unicode_ref is None:
            continue  # a standard font: WinAnsi
        cmap = objects[unicode_ref.group(1)]
        maps[name] = {
            int(code, 16): chr(int(char, 16))
            for code, char in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
            if int(char, 16)
        }
    return maps


def pdf_text(data: bytes) -> str:
    """The text drawn by an uncompressed reportlab PDF (``(...) Tj`` strings), one string a
    line, decoded through each embedded font's ToUnicode map (WinAnsi for standard fonts)."""
    maps = _to_unicode_maps(data)
    out = []
    current: dict[int, str] | None = None
    for font, raw in re.findall(rb"/(F\d+(?:\+\d+)?) [\d.]+ Tf|\((.*?)(?<!\\)\) Tj", data):
        if font:
            current = maps.get(font)
            continue
        text = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), raw)
        text = re.sub(rb"\\(.)", rb"\1", text)
        if current is None:
            out.append(text.decode("cp1252"))
        else:
            out.append("".join(current.get(b, chr(b)) for b in text))
    return "\n".join(out)
