from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from aluhub.common.reference import no_progress
from aluhub.learning import starter
from aluhub.learning.models import Resource, ResourceVersion
from aluhub.learning.reference import load_reference

pytestmark = pytest.mark.django_db


def test_load_reference_publishes_the_sheets_with_their_pdf() -> None:
    [summary] = load_reference(no_progress)
    assert (summary.created, summary.updated, summary.unchanged) == (4, 0, 0)
    for sheet in starter.SHEETS:
        resource = Resource.objects.get(slug=sheet.slug)
        version = resource.current_version
        assert version is not None
        with default_storage.open(version.file.name, "rb") as fh:
            assert fh.read() == sheet.build()
        assert (resource.status, resource.access, version.file_kind) == ("published", "open", "pdf")
        assert resource.title_en and resource.sources


def test_load_reference_twice_changes_nothing() -> None:
    load_reference(no_progress)
    [summary] = load_reference(no_progress)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 4)
    assert ResourceVersion.objects.count() == 4


def test_load_reference_keeps_a_status_chosen_by_staff() -> None:
    load_reference(no_progress)
    Resource.objects.filter(slug="fiche-classes-ferraille").update(status="retired")
    load_reference(no_progress)
    assert Resource.objects.get(slug="fiche-classes-ferraille").status == "retired"
