"""Factories of the exchange (listings need the scrap grades: load the reference data first)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from aluhub.circular.models import ContactRequest, Listing, ScrapGrade
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


def grade(code: str) -> ScrapGrade:
    return ScrapGrade.objects.get(code=code)


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    organization = factory.SubFactory(OrganizationFactory)
    kind = "offer"
    status = "active"
    title = factory.Sequence(lambda n: f"Lot {n}")
    alloy_family = "cast"
    form = "castings"
    quantity_t = Decimal("20")
    frequency = "one_off"
    region = "02"
    city = "Saguenay"
    address = "123 rue Secrète"
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    published_at = factory.LazyFunction(timezone.now)


def member_of(organization: object, **kw: object) -> object:
    """A member-role user with a membership in ``organization``."""
    user = UserFactory(**kw)
    MembershipFactory(user=user, organization=organization)
    return user


def closed_deal(**kw: object) -> Listing:
    """An offer closed after its seller accepted a buyer's contact: a deal on the exchange."""
    offer = ListingFactory(status="closed", closed_at=timezone.now(), **kw)
    ContactRequest.objects.create(
        offer=offer,
        buyer_organization=OrganizationFactory(),
        status="accepted",
        decided_at=timezone.now(),
    )
    return offer
