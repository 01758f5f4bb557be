"""Factories of the collaboration space."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from aluhub.collab.models import Event, GroupMember, Meeting, WorkingGroup
from tests.factories import UserFactory


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    slug = factory.Sequence(lambda n: f"groupe-{n}")
    name_fr = factory.Sequence(lambda n: f"Groupe de travail {n}")
    name_en = factory.Sequence(lambda n: f"Working group {n}")
    mandate_fr = "Mandat du groupe"
    mandate_en = "Mandate of the group"
    visibility = "public"


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Réunion {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    place = "Saguenay"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"evenement-{n}")
    title_fr = factory.Sequence(lambda n: f"Colloque {n}")
    title_en = factory.Sequence(lambda n: f"Conference {n}")
    description_fr = "Description"
    description_en = "Description"
    kind = "conference"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=3))
    city = "Saguenay"
    region = "02"


def make_initiative(*, lead: object = None, slug: str = "initiative-test", **fields: object):  # type: ignore[no-untyped-def]
    """An initiative saved through the service; ``lead`` (an organization) is its lead."""
    from aluhub.collab import services_initiatives

    values: dict[str, object] = {
        "title_fr": "Valorisation des brasques",
        "title_en": "Spent pot lining recovery",
        "summary_fr": "Trouver des débouchés aux résidus.",
        "summary_en": "Find outlets for residues.",
        "status": "active",
    }
    values.update(fields)
    partners = [(lead, "lead")] if lead is not None else []
    return services_initiatives.initiative_create(slug=slug, partners=partners, **values)  # type: ignore[arg-type]
