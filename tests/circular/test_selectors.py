"""Reads the exchange pages use (their answers stay those of the pages' tests)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aluhub.circular import selectors
from aluhub.circular.models import CarbonFactor, ContactRequest
from tests.circular.factories import ListingFactory, member_of
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_carbon_factor_by_slug_and_the_baseline_choices() -> None:
    primary = CarbonFactor.objects.create(slug="primaire", item="Primaire", value=Decimal("4"))
    recycled = CarbonFactor.objects.create(
        slug="recycle", item="Recyclé", value=Decimal("0.5"), is_recycled=True
    )
    CarbonFactor.objects.create(slug="sans-valeur", item="Inconnu", value=None)
    assert selectors.carbon_factor("primaire", recycled=False) == primary
    assert selectors.carbon_factor("recycle", recycled=True) == recycled
    # A recycled figure is no primary baseline, nor the reverse.
    assert selectors.carbon_factor("recycle", recycled=False) is None
    assert selectors.carbon_factor("primaire", recycled=True) is None
    assert selectors.carbon_factor("sans-valeur", recycled=False) is None  # a blank is not one
    assert selectors.carbon_factor("absent", recycled=False) is None
    assert list(selectors.carbon_factor_choices(recycled=False)) == [primary]
    assert list(selectors.carbon_factor_choices(recycled=True)) == [recycled]


def test_open_offers_of_user_and_a_listings_contacts() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    offer = ListingFactory(organization=org)
    ListingFactory(organization=org, status="closed")
    ListingFactory(organization=org, kind="request")
    ListingFactory()  # another organization's offer
    assert list(selectors.open_offers_of_user(user)) == [offer]
    buyer = OrganizationFactory()
    contact = ContactRequest.objects.create(offer=offer, buyer_organization=buyer)
    assert [c.buyer_organization for c in selectors.listing_contacts(offer)] == [buyer]
    assert list(selectors.listing_contacts(offer)) == [contact]
