"""Test data of the traceability app: a site and a member who records on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from aluhub.accounts.models import Establishment, Organization, User
from aluhub.trace import services
from aluhub.trace.models import Event, LedgerSettings, Lot
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

YEAR = 2026


@dataclass
class Site:
    organization: Organization
    site: Establishment
    user: User


def make_site(
    slug: str = "fonderie",
    *,
    method: str = "credit",
    factor: str = "1",
    certificate: str = "ASI-COC-0001",
) -> Site:
    org = OrganizationFactory(slug=slug, name=f"Org {slug}")
    user = UserFactory(email=f"{slug}@example.org", role="member")
    MembershipFactory(user=user, organization=org)
    site = Establishment.objects.create(
        organization=org, name=f"Usine {slug}", city="Alma", region="02"
    )
    LedgerSettings.objects.create(
        site=site,
        method=method,
        conversion_factor=Decimal(factor),
        period_start=dt.date(YEAR, 1, 1),
        asi_certificate_number=certificate,
    )
    return Site(org, site, user)


def day(month: int, d: int) -> dt.date:
    return dt.date(YEAR, month, d)


def receive(s: Site, code: str, kg: str, *, on: dt.date | None = None, **lot: Any) -> Event:
    certified = lot.pop("certified", False)
    data: dict[str, Any] = {"code": code, "material": lot.pop("material", "primary_ingot")}
    data.update(lot)
    return services.receipt_record(
        user=s.user,
        site=s.site,
        occurred_on=on or day(2, 1),
        lot_data=data,
        kg=Decimal(kg),
        certified=certified,
        supplier_name="Fournisseur externe",
    )


def melt(
    s: Site,
    inputs: list[tuple[Lot, str]],
    code: str,
    kg: str,
    *,
    on: dt.date | None = None,
    process: str | None = "0",
) -> Lot:
    event = services.transform_record(
        user=s.user,
        site=s.site,
        occurred_on=on or day(2, 2),
        inputs=[(lot, Decimal(k)) for lot, k in inputs],
        outputs=[services.OutputSpec(code=code, material="billet", kg=Decimal(kg), alloy="6063")],
        process_co2e_kg=None if process is None else Decimal(process),
    )
    return event.lines.get(role="out").lot


def passed_on(seller: Site, buyer: Site) -> tuple[Lot, Lot]:
    """The seller melts a receipt and ships 200 kg of it to the buyer, who receives it: the
    seller's melt and the buyer's lot."""
    src = receive(seller, "S-1", "500").lot
    assert src is not None
    made = melt(seller, [(src, "500")], "S-BIL", "480", on=day(3, 1))
    ship = services.shipment_record(
        user=seller.user, lot=made, occurred_on=day(3, 2), kg=Decimal(200), customer_name="B"
    )
    got = services.receipt_record(
        user=buyer.user, site=buyer.site, occurred_on=day(3, 3),
        lot_data={"code": "B-1", "material": "billet"}, kg=Decimal(200), source_event=ship,
    ).lot  # fmt: skip
    assert got is not None
    return made, got
