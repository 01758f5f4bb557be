from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.collab import selectors, services
from aluhub.collab.models import GroupDocument
from tests.collab.factories import GroupMemberFactory, WorkingGroupFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buf.getvalue()


def _url(name: str, lang: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_document_versions_are_numbered_and_the_text_is_searchable_in_both_languages() -> None:
    member = GroupMemberFactory()
    doc = services.group_document_create(
        group=member.group,
        by=member.user,
        title="Bilan annuel",
        upload=SimpleUploadedFile("bilan.pdf", PDF),
    )
    version = services.document_version_add(
        document=doc,
        by=member.user,
        upload=SimpleUploadedFile("bilan.docx", _docx("Essais d'anodisation au Saguenay")),
        note="Ajout des essais",
    )
    assert [v.number for v in doc.versions.all()] == [2, 1]
    assert version.kind == "docx" and "anodisation" in version.text
    for q in ("anodisation Saguenay", "anodizing Saguenay", "bilan"):
        assert list(selectors.documents_visible(member.user, q=q)) == [doc], q
    assert list(selectors.documents_visible(member.user, q="extrusion")) == []
    assert version.file.name == f"collab/documents/{member.group_id}/{doc.pk}-v2.docx"


def test_document_upload_refused_by_content_and_to_outsiders() -> None:
    member = GroupMemberFactory()
    with pytest.raises(ValidationError) as exc:
        services.group_document_create(
            group=member.group,
            by=member.user,
            title="Faux PDF",
            upload=SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 not a pdf at all"),
        )
    assert list(exc.value.message_dict) == ["upload"]
    assert GroupDocument.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.group_document_create(
            group=member.group,
            by=UserFactory(),
            title="x",
            upload=SimpleUploadedFile("x.pdf", PDF),
        )


@pytest.mark.parametrize(
    ("confidentiality", "outsider", "cluster_member", "anonymous"),
    [("group", 404, 404, 404), ("members", 404, 200, 404), ("public", 200, 200, 200)],
)
def test_document_download_follows_its_confidentiality(
    client: Client, confidentiality: str, outsider: int, cluster_member: int, anonymous: int
) -> None:
    member = GroupMemberFactory(group=WorkingGroupFactory(visibility="platform"))
    doc = services.group_document_create(
        group=member.group,
        by=member.user,
        title="Compte rendu",
        upload=SimpleUploadedFile("cr.pdf", PDF),
        confidentiality=confidentiality,
    )
    url = _url("collab:document_download", "fr", doc.pk, 1)
    assert client.get(url).status_code == anonymous
    client.force_login(UserFactory())
    assert client.get(url).status_code == outsider
    client.force_login(MembershipFactory(organization__is_cluster_member=True).user)
    assert client.get(url).status_code == cluster_member
    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"] == 'attachment; filename="cr.pdf"'


def test_document_pages_in_both_languages_with_field_errors(client: Client) -> None:
    member = GroupMemberFactory()
    client.force_login(member.user)
    url = _url("collab:document_new", "fr", member.group.slug)
    bad = client.post(
        url,
        {
            "title": "Mauvais",
            "confidentiality": "group",
            "upload": SimpleUploadedFile("a.pdf", b"plain text"),
        },
    )
    assert bad.status_code == 400
    assert "ce type de fichier n’est pas accepté" in bad.content.decode()
    ok = client.post(
        url,
        {
            "title": "Plan d'action",
            "confidentiality": "members",
            "upload": SimpleUploadedFile("plan.pdf", PDF),
        },
    )
    assert ok.status_code == 302
    doc = GroupDocument.objects.get()
    en = client.get(_url("collab:document_detail", "en", doc.pk)).content.decode()
    assert "Cluster members" in en and "plan.pdf" in en and "Upload a new version" in en
    group_page = client.get(_url("collab:group_detail", "fr", member.group.slug)).content.decode()
    assert "Plan d&#x27;action" in group_page
    found = client.get(_url("collab:document_search", "en") + "?q=plans").content.decode()
    assert "Plan d&#x27;action" in found


def _pdf(*lines: str) -> bytes:
    """A real PDF with a text layer, one line per page (reportlab, as the platform's reports)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for line in lines:
        pdf.drawString(72, 720, line)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_a_word_inside_a_pdf_finds_the_document_in_either_language() -> None:
    member = GroupMemberFactory()
    doc = services.group_document_create(
        group=member.group,
        by=member.user,
        title="Compte rendu",
        upload=SimpleUploadedFile(
            "cr.pdf", _pdf("Essais de recyclage des brasques", "Fonderie de Saguenay")
        ),
    )
    version = doc.versions.get()
    assert "recyclage des brasques" in version.text and "Saguenay" in version.text
    for q in ("brasques", "recyclage Saguenay", "recycling Saguenay"):
        assert list(selectors.documents_visible(member.user, q=q)) == [doc], q
    assert list(selectors.documents_visible(member.user, q="anodizing")) == []
    # A damaged PDF (no pages, broken trailer) is stored with no text, not refused.
    broken = services.group_document_create(
        group=member.group, by=member.user, title="Vide", upload=SimpleUploadedFile("v.pdf", PDF)
    )
    assert broken.versions.get().text == ""


def test_document_dates_are_the_local_day(client: Client) -> None:
    """A version uploaded at 21:00 in Québec on December 4 (02:00 UTC on December 5) is dated
    December 4 on the pages, not by its UTC day."""
    from datetime import UTC, datetime

    from aluhub.collab.models import DocumentVersion

    member = GroupMemberFactory(group__visibility="public")
    doc = services.group_document_create(
        group=member.group,
        by=member.user,
        title="Bilan du soir",
        confidentiality="public",
        upload=SimpleUploadedFile("bilan.pdf", PDF),
    )
    evening = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    DocumentVersion.objects.filter(document=doc).update(uploaded_at=evening)
    GroupDocument.objects.filter(pk=doc.pk).update(updated_at=evening)
    french = client.get(_url("collab:document_detail", "fr", doc.pk)).content.decode()
    english = client.get(_url("collab:group_detail", "en", member.group.slug)).content.decode()
    assert "4 décembre 2026" in french and "5 décembre 2026" not in french
    assert "December 4, 2026" in english and "December 5, 2026" not in english
