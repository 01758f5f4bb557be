"""Backup -> change -> restore gives back every row of every model and every media file
(on SQLite and, in the postgres stage, on PostgreSQL)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from aluhub.accounts.models import Organization, User
from aluhub.common.mail import send_email
from tests.circular.factories import ListingFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def media(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def populate() -> None:
    membership = MembershipFactory(user__first_name="Zoé")
    ListingFactory(organization=membership.organization, title="Lot de bavures 6063")
    send_email(to=["a@example.org"], subject="Bonjour", body="Texte")
    default_storage.save("listings/photo.jpg", ContentFile(b"\xff\xd8 photo bytes"))
    default_storage.save("learning/fiche.pdf", ContentFile(b"%PDF-1.4 sheet"))


def change_everything(media_root: Path) -> None:
    UserFactory(email="new@example.org")
    User.objects.filter(first_name="Zoé").update(first_name="Changed")
    Organization.objects.all().delete()
    (media_root / "listings/photo.jpg").write_bytes(b"overwritten")
    (media_root / "learning/fiche.pdf").unlink()
    default_storage.save("extra.txt", ContentFile(b"added after the backup"))


def test_backup_change_restore_gives_back_every_row_and_file(tmp_path: Path, settings: Any) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    populate()
    rows_before, files_before = snapshot(), media(media_root)
    archive = tmp_path / "aluhub.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())
    change_everything(media_root)
    assert snapshot() != rows_before
    assert media(media_root) != files_before
    cache.set("cached-before-the-restore", "stale")
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)

    assert cache.get("cached-before-the-restore") is None
    assert snapshot() == rows_before
    assert media(media_root) == files_before
    assert "migrated" in out.getvalue()


def test_backup_manifest_lists_checksums_of_database_and_media(
    tmp_path: Path, settings: Any
) -> None:
    populate()
    archive = tmp_path / "aluhub.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        names = sorted(m.name for m in tar.getmembers())
    files = {entry["name"]: entry for entry in manifest["files"]}
    assert set(files) == {
        manifest["database"],
        "media/listings/photo.jpg",
        "media/learning/fiche.pdf",
    }
    assert names == sorted(["manifest.json", *files])
    assert all(len(entry["sha256"]) == 64 for entry in files.values())
    # The newest migration of an app on disk, as applied to the database backed up.
    from django.db.migrations.loader import MigrationLoader

    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    assert manifest["migrations"]["common"] == max(n for app, n in on_disk if app == "common")


def test_backup_refuses_to_overwrite_an_existing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "aluhub.tar.gz"
    archive.write_bytes(b"keep me")
    with pytest.raises(SystemExit) as exit_info:
        call_command("backup", str(archive))
    assert exit_info.value.code == 2
    assert archive.read_bytes() == b"keep me"
    assert capsys.readouterr().err.count("\n") == 1


def test_restore_without_force_refuses_a_database_with_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate()
    archive = tmp_path / "aluhub.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    UserFactory(email="kept@example.org")
    with pytest.raises(SystemExit) as exit_info:
        call_command("restore", str(archive))
    assert exit_info.value.code == 2
    assert "--force" in capsys.readouterr().err
    assert User.objects.filter(email="kept@example.org").exists()


def test_restore_refuses_an_archive_with_a_wrong_checksum(
    tmp_path: Path, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    populate()
    archive = tmp_path / "aluhub.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/listings/photo.jpg":
                data = b"not the photo that was saved"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    UserFactory(email="kept@example.org")
    with pytest.raises(SystemExit) as exit_info:
        call_command("restore", str(tampered), "--force")
    assert exit_info.value.code == 2
    assert "checksum mismatch for media/listings/photo.jpg" in capsys.readouterr().err
    assert User.objects.filter(email="kept@example.org").exists()
    assert (
        Path(settings.MEDIA_ROOT) / "listings/photo.jpg"
    ).read_bytes() == b"\xff\xd8 photo bytes"
