from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from aluhub.funding.catalogue import load_reference_programs
from aluhub.funding.engine_bridge import engine_catalogue
from aluhub.funding.models import Program


@pytest.mark.django_db
def test_empty_database_falls_back_to_reference_programs() -> None:
    assert Program.objects.count() == 0
    assert [p.slug for p in engine_catalogue()] == [p.slug for p in load_reference_programs()]


@pytest.mark.django_db
def test_loaded_database_is_the_source_and_follows_unpublishing() -> None:
    call_command("load_reference_data", "--only", "funding", "--no-progress", verbosity=0)
    slug = "iq-essor-volet-1a-etudes-faisabilite"
    assert slug in {p.slug for p in engine_catalogue()}
    # services stamp updated_at on every write; the catalogue cache keys on it
    Program.objects.filter(slug=slug).update(publication="archived", updated_at=timezone.now())
    assert slug not in {p.slug for p in engine_catalogue()}
