"""The staff dashboard's directory completeness: averaged in SQL over the stored column,
the same figure as the engine's rule over every listed profile."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from aluhub.directory import selectors, services
from aluhub.directory.models import DirectoryProfile
from tests.directory.factories import profile
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _engine_average() -> dict[str, int]:
    scores = [
        selectors.profile_completeness(p).percent
        for p in DirectoryProfile.objects.filter(listed=True).select_related("organization")
    ]
    return {"profiles": len(scores), "average": round(sum(scores) / len(scores)) if scores else 0}


def test_the_summary_is_the_engine_average_and_follows_edits() -> None:
    assert selectors.directory_completeness_summary() == {"profiles": 0, "average": 0}
    full = profile(
        OrganizationFactory(region="02", naics_codes=["331318"], employees=40),
        role="processor",
        processes=["extrusion"],
        alloys=["6063"],
        certifications=["iso_9001"],
        city="Saguenay",
        capacity_tonnes=1200,
        capacities="presse 2000 t",
        sells="profilés",
        contact_name="Line Tremblay",
    )
    profile(OrganizationFactory(employees=None, naics_codes=[]), city="Alma")
    profile(OrganizationFactory(), listed=False, sells="rien")
    summary = selectors.directory_completeness_summary()
    assert summary == _engine_average()
    assert summary["profiles"] == 2 and 0 < summary["average"] < 100
    assert DirectoryProfile.objects.get(pk=full.pk).completeness == 100
    # An edit through the service moves the stored figure.
    services.profile_save(
        organization=full.organization, by=None, values={"contact_name": "", "sells": ""}
    )
    assert DirectoryProfile.objects.get(pk=full.pk).completeness < 100
    assert selectors.directory_completeness_summary() == _engine_average()


def test_the_migration_computes_what_the_service_stores() -> None:
    a = profile(OrganizationFactory(region="04", employees=3), processes=["mig"], city="Alma")
    b = profile(OrganizationFactory(employees=None), sells="lingots", contact_name="Paul")
    stored = dict(DirectoryProfile.objects.values_list("pk", "completeness"))
    DirectoryProfile.objects.update(completeness=0)
    migration = importlib.import_module("aluhub.directory.migrations.0004_profile_completeness")
    migration.fill(apps, None)
    assert dict(DirectoryProfile.objects.values_list("pk", "completeness")) == stored
    assert stored[a.pk] != stored[b.pk]
