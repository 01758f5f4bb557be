"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from aluhub.accounts.models import Membership, MembershipRole, Organization, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    role = Role.MEMBER
    preferred_language = "fr"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.is_staff = self.role == Role.STAFF
            self.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Aluminium Test {n} inc.")
    slug = factory.Sequence(lambda n: f"aluminium-test-{n}")
    kind = "business"
    region = "02"
    naics_codes = factory.LazyFunction(lambda: ["331318"])
    employees = 45
    annual_revenue_cad = 12_000_000
    founded_year = 2004
    legal_form = "corporation"
    is_cluster_member = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.OWNER


def organization_form(org: Organization, **changes: object) -> dict[str, object]:
    """The organization edit form's fields as the page sends them, with ``changes``."""
    data: dict[str, object] = {
        "name": org.name,
        "kind": org.kind,
        "neq": "",
        "website": "",
        "naics_codes": "",
        "region": org.region,
        "employees": org.employees or "",
        "annual_revenue_cad": "",
        "founded_year": "",
        "legal_form": org.legal_form,
    }
    data.update(changes)
    return data
