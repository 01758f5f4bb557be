"""Permission cases of the traceability app.

Decision: a site's ledger, lots, forms and their API are for the members of the site's
organization; cluster staff get 403 unless the site grants them read access (aggregates
only otherwise); other roles 403, anonymous visitors the login page (API: 401). A shipment's
verification page is public (it shows only what the shipper disclosed).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from aluhub.accounts.models import Establishment
from aluhub.trace import services
from aluhub.trace.models import Event, LedgerSettings, Lot
from tests.permissions import Case, World

PAGE = {"anonymous": 302, "member": 200}
API = {"anonymous": 401, "member": 200}


def site(w: World) -> Establishment:
    def make() -> Establishment:
        s = Establishment.objects.create(
            organization=w.member_org, name="Matrix site", city="Alma", region="02"
        )
        LedgerSettings.objects.create(site=s, period_start=dt.date(dt.date.today().year, 1, 1))
        return s

    return w.once("trace-site", make)


def granted_site(w: World) -> Establishment:
    def make() -> Establishment:
        s = Establishment.objects.create(
            organization=w.member_org, name="Granted site", city="Alma", region="02"
        )
        LedgerSettings.objects.create(
            site=s, period_start=dt.date(dt.date.today().year, 1, 1), staff_may_read=True
        )
        return s

    return w.once("trace-granted-site", make)


def in_recycling_group(w: World, url: str) -> str:
    """``url``, once ``w.member`` has joined the recycling working group."""

    def make() -> None:
        from aluhub.collab.models import GroupMember, WorkingGroup
        from aluhub.collab.reference import RECYCLING_GROUP_SLUG

        group, _created = WorkingGroup.objects.get_or_create(
            slug=RECYCLING_GROUP_SLUG, defaults={"name": "Recycling"}
        )
        GroupMember.objects.create(group=group, user=w.member)

    w.once("trace-recycling-group", make)
    return url


def lot(w: World) -> Lot:
    def make() -> Lot:
        event = services.receipt_record(
            user=w.member,
            site=site(w),
            occurred_on=dt.date.today(),
            lot_data={"code": "MX-1", "material": "billet"},
            kg=Decimal(100),
        )
        assert event.lot is not None
        return event.lot

    return w.once("trace-lot", make)


def shipment(w: World) -> Event:
    def make() -> Event:
        source = lot(w)
        out = (
            services.transform_record(
                user=w.member,
                site=site(w),
                occurred_on=dt.date.today(),
                inputs=[(source, Decimal(100))],
                outputs=[services.OutputSpec(code="MX-2", material="billet", kg=Decimal(90))],
            )
            .lines.get(role="out")
            .lot
        )
        return services.shipment_record(
            user=w.member, lot=out, occurred_on=dt.date.today(), kg=Decimal(10),
            customer_name="C", disclose=["kg"],
        )  # fmt: skip

    return w.once("trace-shipment", make)


def ship_data(w: World) -> dict[str, Any]:
    return {"occurred_on": dt.date.today().isoformat(), "kg": "1", "customer_name": "C",
            "claim": "none"}  # fmt: skip


def accepted_deal(w: World) -> Any:
    from aluhub.circular.models import ContactRequest
    from tests.circular.factories import ListingFactory

    def make() -> Any:
        offer = ListingFactory(organization=w.member_org, title="Matrix deal")
        return ContactRequest.objects.create(
            offer=offer, buyer_organization=w.other_org, buyer=w.other_member, status="accepted"
        )

    return w.once("trace-deal", make)


def transfer(w: World) -> Any:
    from aluhub.trace import exchange

    def make() -> Any:
        out = shipment(w).lot
        return exchange.transfer_ship(
            user=w.member, contact=accepted_deal(w), lot=out, occurred_on=dt.date.today(),
            kg=Decimal(1),
        )  # fmt: skip

    return w.once("trace-transfer", make)


CASES = [
    Case("trace-index", lambda w: reverse("trace:index"), expect={"anonymous": 302}, default=200),
    # The lot list shows the lots of the visitor's own organizations (none: an empty list).
    Case(
        "trace-lot-list",
        lambda w: (lot(w), reverse("trace:lots") + "?q=MX")[1],
        expect={"anonymous": 302},
        default=200,
    ),
    Case(
        "trace-api-lot-list",
        lambda w: (lot(w), "/api/v1/trace/lots?q=MX&limit=5&offset=0")[1],
        expect={"anonymous": 401},
        default=200,
    ),
    Case("trace-site", lambda w: reverse("trace:site", args=[site(w).pk]), expect=PAGE),
    Case(
        "trace-site-granted-to-staff",
        lambda w: reverse("trace:site", args=[granted_site(w).pk]),
        expect={**PAGE, "staff": 200},
    ),
    Case(
        "trace-site-settings",
        lambda w: reverse("trace:site_settings", args=[granted_site(w).pk]),
        # Settings are for the site's members, even when staff may read the ledger.
        expect=PAGE,
    ),
    Case(
        "trace-receipt-new", lambda w: reverse("trace:receipt_new", args=[site(w).pk]), expect=PAGE
    ),
    Case(
        "trace-transform-new",
        lambda w: reverse("trace:transform_new", args=[site(w).pk]),
        expect=PAGE,
    ),
    Case("trace-lot", lambda w: reverse("trace:lot", args=[lot(w).pk]), expect=PAGE),
    Case(
        "trace-lot-certificate",
        lambda w: reverse("trace:lot_certificate", args=[lot(w).pk]),
        # The lot has no certificate: its members get 404, the others never learn that.
        expect={"anonymous": 302, "member": 404},
    ),
    Case("trace-lot-ship", lambda w: reverse("trace:lot_ship", args=[lot(w).pk]), expect=PAGE),
    Case(
        "trace-lot-ship-post",
        lambda w: reverse("trace:lot_ship", args=[lot(w).pk]),
        method="post",
        data=ship_data,
        # A received lot may be shipped on (without a certified claim): one 302 per member;
        # the lot has 100 kg, so every role's attempt that passes the access check succeeds.
        expect={"anonymous": 302, "member": 302},
    ),
    Case(
        "trace-melt-from-optimizer",
        lambda w: (site(w), reverse("trace:melt_new"))[1],
        method="post",
        data=lambda w: {
            "mass_kg": "10",
            "alloy": "6063",
            "charge_id": ["a"],
            "charge_kg": ["11"],
            "charge_label": ["A"],
        },  # fmt: skip
        expect={"anonymous": 302, "member": 200},
    ),
    Case(
        "trace-verify-public",
        lambda w: reverse("trace:verify", args=[shipment(w).public_code]),
        expect={},
        default=200,
    ),
    Case(
        "trace-verify-unknown",
        lambda w: reverse("trace:verify", args=["nope"]),
        expect={},
        default=404,
    ),  # fmt: skip
    Case(
        "trace-event-correct",
        lambda w: reverse("trace:event_correct", args=[lot(w).events.get().pk]),
        expect=PAGE,
    ),
    Case(
        "trace-transfer-ship",
        lambda w: reverse("trace:transfer_ship", args=[accepted_deal(w).pk]),
        # The seller's members; the buyer's members and staff see the deal, not this form.
        expect={**PAGE, "other_member": 403, "staff": 403},
    ),
    Case(
        "trace-transfer-confirm",
        lambda w: reverse("trace:transfer_confirm", args=[transfer(w).pk]),
        # The buyer's members only.
        expect={"anonymous": 302, "member": 403, "other_member": 200},
    ),
    Case(
        "trace-site-report",
        lambda w: reverse("trace:site_report", args=[site(w).pk, "csv"]),
        expect=PAGE,
    ),
    Case(
        "trace-site-report-granted-to-staff",
        lambda w: reverse("trace:site_report", args=[granted_site(w).pk, "xlsx"]),
        expect={**PAGE, "staff": 200},
    ),
    Case(
        "trace-site-cbam",
        lambda w: reverse("trace:site_cbam", args=[site(w).pk, "csv"]),
        expect=PAGE,
    ),
    Case(
        "trace-cluster-anonymized",
        lambda w: reverse("trace:cluster"),
        # Aggregates only, for the recycling working group and cluster staff: a member of a
        # business that is not in the group is refused (the 403 page says how to join).
        expect={"anonymous": 302, "staff": 200},
    ),
    Case(
        "trace-cluster-recycling-group-member",
        lambda w: in_recycling_group(w, reverse("trace:cluster")),
        expect={"anonymous": 302, "staff": 200, "member": 200},
    ),
    Case(
        "trace-declaration-pdf",
        lambda w: reverse("trace:declaration", args=[shipment(w).pk]),
        expect=PAGE,
    ),
    Case(
        "trace-api-lot-passport",
        lambda w: f"/api/v1/trace/lots/{lot(w).pk}/passport",
        expect=API,
    ),
    Case(
        "trace-api-shipment-passport-public",
        lambda w: f"/api/v1/trace/shipments/{shipment(w).public_code}/passport",
        expect={},
        default=200,
    ),
    Case("trace-api-site", lambda w: f"/api/v1/trace/sites/{site(w).pk}/mass-balance", expect=API),
    Case("trace-api-lot", lambda w: f"/api/v1/trace/lots/{lot(w).pk}", expect=API),
    Case(
        "trace-api-ship",
        lambda w: f"/api/v1/trace/lots/{lot(w).pk}/shipments",
        method="post",
        content_type="application/json",
        data=lambda w: {"date": dt.date.today().isoformat(), "kg": "1", "customer": "C"},
        expect={"anonymous": 401, "member": 201},
    ),
]
