"""Working groups, events and initiatives are searched with common.search (accents, French
and English word forms, synonyms) on a stored document that every save keeps current."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client

from aluhub.accounts.services import organization_admin_save, organization_update
from aluhub.collab import selectors, services, services_initiatives
from aluhub.collab.models import Event, Initiative, WorkingGroup
from aluhub.collab.selectors import EventFilters
from aluhub.collab.selectors_initiatives import initiatives_listed
from aluhub.common.reference import LoadSummary, upsert
from tests.collab.factories import EventFactory, WorkingGroupFactory, make_initiative
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Accent-less, inflected French, English: each finds the record written otherwise.
QUERIES = ["tracabilite", "recycler", "recycled", "traceability"]


def _api_slugs(client: Client, path: str, q: str) -> list[str]:
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.parametrize("q", QUERIES)
def test_groups_events_and_initiatives_are_found_without_accents_and_by_word_forms(
    client: Client, q: str
) -> None:
    WorkingGroupFactory(
        slug="tracabilite",
        visibility="public",
        name_fr="Traçabilité et recyclage",
        name_en="Traceability and recycling",
    )
    WorkingGroupFactory(slug="autre", visibility="public", name_fr="Main-d’œuvre")
    EventFactory(
        slug="atelier",
        title_fr="Atelier sur la traçabilité du recyclage",
        title_en="Workshop on recycling traceability",
    )
    EventFactory(slug="autre", title_fr="Colloque", title_en="Conference")
    make_initiative(
        slug="boucle",
        title_fr="Traçabilité de l’aluminium recyclé",
        title_en="Traceability of recycled aluminium",
    )
    make_initiative(slug="autre", title_fr="Brasques", title_en="Spent pot lining")
    assert _api_slugs(client, "/api/v1/community/working-groups", q) == ["tracabilite"]
    assert _api_slugs(client, "/api/v1/community/events", q) == ["atelier"]
    assert _api_slugs(client, "/api/v1/community/initiatives", q) == ["boucle"]


def test_an_event_edit_is_searched_at_once() -> None:
    event = EventFactory(title_fr="Colloque", title_en="Conference")
    services.event_update(
        event=event, by=UserFactory(role="staff"), title_fr="Journée de l’extrusion"
    )
    assert [e.pk for e in selectors.events_listed(EventFilters(q="extrusions"))] == [event.pk]
    assert list(selectors.events_listed(EventFilters(q="colloque"))) == []


def test_a_group_reloaded_with_a_new_name_is_searched_at_once() -> None:
    WorkingGroupFactory(slug="g", visibility="public", name_fr="Fonderie", name_en="Casting")
    values = {"name_fr": "Soudage", "name_en": "Welding"}
    upsert(WorkingGroup, {"slug": "g"}, values, LoadSummary("groups"))
    staff = UserFactory(role="staff")
    assert [g.slug for g in selectors.groups_visible(staff, "SOUDAGES")] == ["g"]
    assert list(selectors.groups_visible(staff, "fonderie")) == []


def test_an_initiative_is_found_by_a_partner_added_later() -> None:
    initiative = make_initiative(slug="boucle")
    staff = UserFactory(role="staff")
    assert list(initiatives_listed(staff, q="Anodisation Nord")) == []
    organization = OrganizationFactory(name="Anodisation Nord")
    services_initiatives.initiative_partner_set(
        initiative=initiative, organization=organization, role="partner"
    )
    assert [i.slug for i in initiatives_listed(staff, q="anodisation nord")] == ["boucle"]


@pytest.mark.parametrize("how", ["service", "admin"])
def test_a_renamed_partner_finds_its_initiatives_by_its_new_name(how: str) -> None:
    initiative = make_initiative(slug="boucle")
    staff = UserFactory(role="staff")
    organization = OrganizationFactory(name="Anodisation Nord")
    services_initiatives.initiative_partner_set(
        initiative=initiative, organization=organization, role="partner"
    )
    if how == "service":
        organization_update(organization=organization, name="Extrusions Boréales")
    else:
        organization.name = "Extrusions Boréales"
        organization_admin_save(organization=organization)
    assert [i.slug for i in initiatives_listed(staff, q="extrusions boreales")] == ["boucle"]
    assert list(initiatives_listed(staff, q="anodisation")) == []


def test_the_migration_fills_the_documents_of_existing_rows() -> None:
    group = WorkingGroupFactory(name_fr="Traçabilité")
    event = EventFactory(title_fr="Atelier de soudage")
    initiative = make_initiative(lead=OrganizationFactory(name="Profilés Saguenay"))
    for model in (WorkingGroup, Event, Initiative):
        model.objects.update(search_text="")  # as the rows were before the migration
    migration = importlib.import_module("aluhub.collab.migrations.0007_search_documents")
    migration.fill_documents(apps, None)
    for record in (group, event, initiative):
        record.refresh_from_db()
        assert record.search_text == record.search_document() != ""
    assert " saguenay " in initiative.search_text
