"""Demo ledger: a demo site of "Extrusions Saguenay (démo)" with two receipts, a melt, a
shipment with a recycled-content claim and a correction, all flagged ``is_demo`` and coded
``DEMO-``. The figures are illustrative (they describe no real lot or supplier).

Safe to run twice: nothing is added when the site already has its demo lots.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from aluhub.accounts.models import Establishment, Organization, User

from . import services
from .models import LedgerSettings, Lot

ORG = "demo-extrusions-saguenay"
USER = "member@demo.aluhub.ca"
SITE = "Site de démonstration"
SUPPLIER = "Fournisseur de démonstration"


def seed_demo() -> list[str]:
    org = Organization.objects.filter(slug=ORG).first()
    user = User.objects.filter(email=USER).first()
    if org is None or user is None:
        return ["trace: no demo organization (run the accounts demo first); no demo ledger"]
    if Lot.objects.filter(organization=org, code="DEMO-P1020-1").exists():
        return ["trace: demo ledger already there"]
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    # The ledger refuses dates after today: seeded on 1 January, every event is dated that day.
    with transaction.atomic():
        site, _new = Establishment.objects.get_or_create(
            organization=org, name=SITE, defaults={"city": "Saguenay", "region": "02"}
        )
        LedgerSettings.objects.get_or_create(
            site=site,
            defaults={"period_start": start, "asi_certificate_number": "DEMO-ASI-0000"},
        )
        primary = services.receipt_record(
            user=user,
            site=site,
            occurred_on=start,
            lot_data={
                "code": "DEMO-P1020-1",
                "material": "primary_ingot",
                "alloy": "P1020",
                "smelt_country": "CA",
                "cast_country": "CA",
                "pre_consumer_pct": Decimal(0),
                "post_consumer_pct": Decimal(0),
                "recycled_method": "ISO 14021",
                "co2e_per_kg": Decimal("2.5"),
                "co2e_boundary": "cradle-to-gate (démo)",
                "co2e_source": "valeur de démonstration",
                "certification": "asi_coc",
                "certificate_number": "DEMO-ASI-0001",
                "cn_code": "7601",
            },
            kg=Decimal(6000),
            certified=True,
            supplier_name=SUPPLIER,
            is_demo=True,
        ).lot
        scrap = services.receipt_record(
            user=user,
            site=site,
            occurred_on=start,
            lot_data={
                "code": "DEMO-RETAILLES-1",
                "material": "other",
                "alloy": "6063",
                "pre_consumer_pct": Decimal(0),
                "post_consumer_pct": Decimal(100),
                "recycled_method": "ISO 14021",
                "co2e_per_kg": Decimal("0.6"),
                "co2e_boundary": "cradle-to-gate (démo)",
                "co2e_source": "valeur de démonstration",
            },
            kg=Decimal(4000),
            supplier_name=SUPPLIER,
            is_demo=True,
        )
        if primary is None or scrap.lot is None:
            raise ValueError("a receipt always creates its lot")
        melt = services.transform_record(
            user=user,
            site=site,
            occurred_on=min(start + dt.timedelta(days=1), today),
            inputs=[(primary, Decimal(6000)), (scrap.lot, Decimal(4000))],
            outputs=[
                services.OutputSpec(
                    code="DEMO-BILLETTE-1",
                    material="billet",
                    kg=Decimal(9600),
                    alloy="6063",
                    cn_code="7604",
                )
            ],
            process_co2e_kg=Decimal(1500),
            is_demo=True,
        )
        billet = melt.lines.get(role="out").lot
        shipment = services.shipment_record(
            user=user,
            lot=billet,
            occurred_on=min(start + dt.timedelta(days=3), today),
            kg=Decimal(3000),
            claim="certified",
            recycled_claim=True,
            low_carbon_claim=True,
            customer_name="Client de démonstration",
            disclose=["lot", "kg", "recycled", "co2e", "certification"],
            is_demo=True,
        )
        services.event_correct(
            user=user, event=shipment, kg=Decimal(2990), reason="Repesée (démo)", is_demo=True
        )
    return [f"trace: demo ledger for {org.name} at {site} (5 events)"]
