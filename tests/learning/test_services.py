from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from aluhub.common import search
from aluhub.learning import services
from aluhub.learning.models import (
    ErrorReport,
    Resource,
    ResourceDownload,
    ResourceVersion,
    Status,
    TeacherProfile,
)
from tests.factories import UserFactory
from tests.learning.factories import PDF_BYTES, make_resource, make_teacher

pytestmark = pytest.mark.django_db


def test_resource_save_indexes_both_languages_and_facet_labels() -> None:
    resource = make_resource(topics=["extrusion"], disciplines=["civil"])
    # Titles in both languages, and the French and English labels of the facets.
    queries = ["alliages", "alloys", "extrusion", "génie civil", "civil engineering", "cégep"]
    found = {q: search.matches(search.parse_query(q), resource.search_text) for q in queries}
    assert found == dict.fromkeys(queries, True)


def test_resource_save_refuses_unknown_topic() -> None:
    with pytest.raises(ValidationError) as exc:
        make_resource(topics=["knitting"])
    assert list(exc.value.message_dict) == ["topics"]


def test_resource_version_add_numbers_versions_and_keeps_old_files() -> None:
    resource = make_resource(file=PDF_BYTES)
    v2 = services.resource_version_add(
        resource=resource,
        content=io.BytesIO(PDF_BYTES + b"%v2"),
        filename="new.pdf",
        note="Corrected table 2",
    )
    numbers = list(resource.versions.values_list("number", "note"))
    assert numbers == [(2, "Corrected table 2"), (1, "v1")]
    assert default_storage.exists(v2.file.name)
    assert all(default_storage.exists(v.file.name) for v in resource.versions.all())
    assert resource.current_version == v2


def test_a_version_that_fails_after_its_file_is_written_leaves_no_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure after the file is stored (here, saving the row) rolls the version back and
    deletes the file it wrote: no orphan in the media folder."""
    resource = make_resource(file=PDF_BYTES)
    before = _stored_files()

    def broken_save(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(ResourceVersion, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.resource_version_add(
            resource=resource, content=io.BytesIO(PDF_BYTES + b"%v2"), filename="new.pdf"
        )
    assert resource.versions.count() == 1
    assert _stored_files() == before


def _stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_resource_version_add_refuses_wrong_content() -> None:
    resource = make_resource()
    with pytest.raises(ValidationError):
        services.resource_version_add(
            resource=resource, content=io.BytesIO(b"<html>"), filename="x.pdf"
        )
    assert resource.versions.count() == 0


def test_resource_version_sync_skips_identical_bytes() -> None:
    resource = make_resource()
    first = services.resource_version_sync(
        resource=resource, data=PDF_BYTES, filename="a.pdf", note="n"
    )
    again = services.resource_version_sync(
        resource=resource, data=PDF_BYTES, filename="a.pdf", note="n"
    )
    assert (first is not None, again) == (True, None)


def test_resource_version_note_reads_in_each_language() -> None:
    resource = make_resource()
    version = services.resource_version_sync(
        resource=resource,
        data=PDF_BYTES,
        filename="a.pdf",
        note="Produit à partir de aluhub/data/alloys.csv",
        note_en="Generated from aluhub/data/alloys.csv",
    )
    assert version is not None
    with translation.override("fr"):
        french = version.note
    with translation.override("en"):
        english = version.note
    assert (french, english) == (
        "Produit à partir de aluhub/data/alloys.csv",
        "Generated from aluhub/data/alloys.csv",
    )


def test_resource_version_author_note_serves_both_languages() -> None:
    version = services.resource_version_sync(
        resource=make_resource(), data=PDF_BYTES, filename="a.pdf", note="Coquille corrigée"
    )
    assert version is not None
    assert (version.note_fr, version.note_en) == ("Coquille corrigée", "Coquille corrigée")


def test_resource_set_status_follows_the_workflow() -> None:
    resource = make_resource(status="draft")
    services.resource_set_status(resource=resource, status="in_review")
    services.resource_set_status(resource=resource, status="published")
    assert resource.published_at is not None
    with pytest.raises(ValidationError):
        services.resource_set_status(resource=resource, status="in_review")
    services.resource_set_status(resource=resource, status="retired")
    assert Resource.objects.get(pk=resource.pk).status == "retired"


def test_a_download_counts_once_per_reader_resource_and_day() -> None:
    resource, other = make_resource("r1"), make_resource("r2")
    today = timezone.localdate()
    counted = [
        services.resource_download_record(resource=resource, reader="user:1", day=today),
        services.resource_download_record(resource=resource, reader="user:1", day=today),
        services.resource_download_record(resource=resource, reader="user:2", day=today),
        services.resource_download_record(resource=other, reader="user:1", day=today),
        services.resource_download_record(
            resource=resource, reader="user:1", day=today + timedelta(days=1)
        ),
    ]
    assert counted == [True, False, True, True, True]
    resource.refresh_from_db()
    other.refresh_from_db()
    assert (resource.download_count, other.download_count) == (3, 1)
    # Only the latest day's rows are kept: they alone decide what counts again.
    assert list(ResourceDownload.objects.values_list("day", flat=True)) == [
        today + timedelta(days=1)
    ]


def test_teacher_apply_then_decide() -> None:
    user, staff = UserFactory(role="teacher"), UserFactory(role="staff")
    profile = services.teacher_apply(user=user, institution="Université Laval")
    assert profile.status == "pending"
    services.teacher_decide(profile=profile, staff=staff, verified=True)
    profile.refresh_from_db()
    assert (profile.status, profile.verified_by) == ("verified", staff)


def test_teacher_apply_with_new_institution_asks_again() -> None:
    user = make_teacher()
    services.teacher_apply(user=user, institution="Polytechnique Montréal")
    assert TeacherProfile.objects.get(user=user).status == "pending"


def test_collection_move_and_remove_keep_positions_dense() -> None:
    teacher = make_teacher()
    pack = services.collection_create(owner=teacher, title="Cours 1")
    items = [
        services.collection_add(collection=pack, resource=make_resource(f"r{i}")) for i in range(3)
    ]
    services.collection_move(collection=pack, item_id=items[2].pk, direction="up")
    order = list(pack.items.values_list("resource__slug", flat=True))
    assert order == ["r0", "r2", "r1"]
    services.collection_move(collection=pack, item_id=items[0].pk, direction="up")  # at the top
    services.collection_remove(collection=pack, item_id=items[2].pk)
    assert list(pack.items.values_list("resource__slug", "position")) == [("r0", 0), ("r1", 1)]


def test_collection_add_twice_keeps_one_item() -> None:
    pack = services.collection_create(owner=make_teacher(), title="P")
    resource = make_resource()
    services.collection_add(collection=pack, resource=resource)
    services.collection_add(collection=pack, resource=resource)
    assert pack.items.count() == 1


def test_rating_set_replaces_the_users_rating() -> None:
    resource, teacher = make_resource(), make_teacher()
    services.rating_set(resource=resource, user=teacher, stars=3)
    services.rating_set(resource=resource, user=teacher, stars=5, comment="Très utile")
    assert list(resource.ratings.values_list("stars", "comment")) == [(5, "Très utile")]
    with pytest.raises(ValidationError):
        services.rating_set(resource=resource, user=teacher, stars=6)


def test_error_report_resolve() -> None:
    resource, staff = make_resource(), UserFactory(role="staff")
    report = services.error_report_create(
        resource=resource, reporter=make_teacher(), message="Table 1: Fe max is 0.70"
    )
    services.error_report_resolve(report=report, staff=staff, note="Fixed in v2")
    report = ErrorReport.objects.get(pk=report.pk)
    assert (report.status, report.resolved_by, report.resolution_note) == (
        "resolved",
        staff,
        "Fixed in v2",
    )


def test_visit_record_returns_the_previous_visit_after_a_gap() -> None:
    user = UserFactory()
    t0 = timezone.now() - timedelta(days=3)
    assert services.visit_record(user=user, now=t0) is None
    assert services.visit_record(user=user, now=t0 + timedelta(minutes=5)) is None
    later = t0 + timedelta(days=2)
    assert services.visit_record(user=user, now=later) == t0 + timedelta(minutes=5)


def _import_row(
    number: int, slug: str, *, path: Path | None = None, **fields: Any
) -> services.ResourceImportRow:
    return services.ResourceImportRow(
        number=number,
        line=number + 1,
        fields={
            "slug": slug,
            "title_fr": slug.capitalize(),
            "title_en": "",
            "summary_fr": "Résumé",
            "summary_en": "",
            "type": "document",
            "level": "college",
            **fields,
        },
        path=path,
    )


def test_resources_import_creates_publishes_then_updates_without_a_second_version(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.pdf").write_bytes(PDF_BYTES)
    rows = [
        _import_row(1, "moulage", path=tmp_path / "a.pdf"),
        _import_row(2, "laminage", video_url="https://example.org/v"),
    ]

    first = services.resources_import(rows=rows, publish=True)
    again = services.resources_import(rows=rows, publish=True)

    assert (first.created, first.updated, first.versions) == (2, 0, 1)
    assert (again.created, again.updated, again.versions) == (0, 2, 0)
    moulage = Resource.objects.get(slug="moulage")
    assert moulage.status == Status.PUBLISHED
    assert [v.note_en for v in moulage.versions.all()] == ["Bulk import"]


def test_resources_import_refused_row_names_it_and_imports_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(PDF_BYTES)
    rows = [
        _import_row(1, "moulage", path=tmp_path / "a.pdf"),
        _import_row(2, "laminage", video_url="https://example.org/v", title_fr="x" * 251),
    ]

    with pytest.raises(ValidationError) as refused:
        services.resources_import(rows=rows)

    (message,) = refused.value.messages
    assert message.startswith("row 2 (line 3): ")
    assert "title_fr: " in message
    assert Resource.objects.count() == 0


def test_resources_import_again_keeps_the_sources_and_organizations_staff_added() -> None:
    """A manifest (and the reference loader) names no sources nor contributing organizations:
    running it again updated the resource and emptied both, which staff set in the admin."""
    from tests.factories import OrganizationFactory

    rows = [_import_row(1, "laminage", video_url="https://example.org/v")]
    services.resources_import(rows=rows)
    resource = Resource.objects.get(slug="laminage")
    organization = OrganizationFactory()
    resource.organizations.add(organization)
    Resource.objects.filter(pk=resource.pk).update(sources="https://example.org/source")

    services.resources_import(rows=[_import_row(1, "laminage", video_url="https://example.org/w")])

    resource.refresh_from_db()
    assert (resource.video_url, resource.sources, list(resource.organizations.all())) == (
        "https://example.org/w",
        "https://example.org/source",
        [organization],
    )


def test_teacher_decide_verified_emails_the_teacher_in_french(mailoutbox: Any) -> None:
    user = UserFactory(role="teacher", preferred_language="fr")
    profile = services.teacher_apply(user=user, institution="Cégep de Jonquière")
    services.teacher_decide(profile=profile, staff=UserFactory(role="staff"), verified=True)
    [email] = mailoutbox
    assert email.to == [user.email]
    assert email.subject == "Alu-Compétences\u00a0: votre profil d’enseignant est vérifié"
    assert "Cégep de Jonquière" in email.body
    assert "/fr/" in email.body


def test_teacher_decide_refused_emails_the_reason_and_whom_to_ask_in_english(
    mailoutbox: Any, settings: Any
) -> None:
    settings.CONTACT_EMAIL = "contact@aluhub.example"
    user = UserFactory(role="teacher", preferred_language="en")
    profile = services.teacher_apply(user=user, institution="Cégep de Jonquière")
    services.teacher_decide(
        profile=profile,
        staff=UserFactory(role="staff"),
        verified=False,
        reason="The institution has no aluminium program.",
    )
    [email] = mailoutbox
    assert email.subject == "Alu-Compétences: your teacher profile was not verified"
    assert "The institution has no aluminium program." in email.body
    assert "contact@aluhub.example" in email.body
    assert email.reply_to == ["contact@aluhub.example"]


def test_teacher_apply_with_a_new_institutional_email_asks_again() -> None:
    user = make_teacher()
    services.teacher_apply(
        user=user, institution="Cégep de Chicoutimi", institution_email="someone@else.example"
    )
    profile = TeacherProfile.objects.get(user=user)
    assert (profile.status, profile.verified_by, profile.decided_at) == ("pending", None, None)
