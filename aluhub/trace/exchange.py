"""Writes that wire the scrap exchange into the ledgers: an accepted deal's shipment from the
seller's ledger and its receipt in the buyer's, confirmed by both with the same kg."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Establishment, User
from aluhub.circular.models import ContactRequest, ContactStatus
from aluhub.common.lang import active_lang
from aluhub.engines import text

from . import selectors, services
from .models import LOT_DECLARED_FACTS, Claim, Lot, Transfer

# What the receipt copies from the shipped lot: the buyer's lot carries the seller's data.
CARRIED = (
    "material",
    "scrap_grade",
    "alloy",
    "temper",
    *LOT_DECLARED_FACTS,
    "cn_code",
    "composition",
)
DISCLOSED = ["kg", "lot", "recycled", "co2e", "origin", "certification"]


@transaction.atomic
def transfer_ship(
    *,
    user: User,
    contact: ContactRequest,
    lot: Lot,
    occurred_on: dt.date,
    kg: Decimal,
    claim: str = Claim.NONE,
    submission: str = "",
) -> Transfer:
    """The seller ships kg of one of its lots to the buyer of an accepted deal (pending until
    the buyer confirms the kg); ``submission``: the form's one-time token (a second post
    raises services.AlreadyRecorded)."""
    seller_id = contact.offer.organization_id
    selectors.require_organization_member(user, seller_id)
    if contact.status != ContactStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted deal can be shipped."))
    if lot.organization_id != seller_id:
        raise ValidationError({"lot": _("Choose one of your organization's lots.")})
    event = services.shipment_record(
        user=user,
        lot=lot,
        occurred_on=occurred_on,
        kg=kg,
        claim=claim,
        customer=contact.buyer_organization,
        customer_name=contact.buyer_organization.name,
        disclose=DISCLOSED,
        submission=submission,
    )
    return Transfer.objects.create(contact=contact, shipment=event, kg=kg)


@transaction.atomic
def transfer_confirm(
    *,
    user: User,
    transfer: Transfer,
    site: Establishment,
    code: str,
    occurred_on: dt.date,
    kg: Decimal,
) -> Transfer:
    """The buyer confirms the kg: the receipt is recorded in its ledger, from the shipment."""
    contact = transfer.contact
    selectors.require_organization_member(user, contact.buyer_organization_id)
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.receipt_id is not None:
        raise ValidationError(_("This transfer was already confirmed."))
    if site.organization_id != contact.buyer_organization_id:
        raise ValidationError({"site": _("Choose one of your organization's sites.")})
    shipment = transfer.shipment
    if occurred_on < shipment.occurred_on:
        raise ValidationError(
            {
                "occurred_on": _("The seller shipped on %(date)s: the receipt cannot be earlier.")
                % {"date": text.format_date(shipment.occurred_on, active_lang())}
            }
        )
    shipped = services.event_effective_kg(shipment)
    if kg != shipped:
        raise ValidationError(
            {
                "kg": _(
                    "The shipper recorded %(mass)s: confirm that mass, or ask the shipper to "
                    "correct its shipment first."
                )
                % {"mass": services.kg_text(shipped)}
            }
        )
    source = shipment.lot
    if source is None:
        raise ValidationError(_("This shipment has no lot."))
    lot_data = {name: getattr(source, name) for name in CARRIED}
    lot_data["code"] = code
    receipt = services.receipt_record(
        user=user,
        site=site,
        occurred_on=occurred_on,
        lot_data=lot_data,
        kg=kg,
        supplier=shipment.organization,
        supplier_name=shipment.organization.name,
        source_event=shipment,
        certified=shipment.claim == Claim.CERTIFIED,
    )
    locked.receipt = receipt
    locked.confirmed_at = timezone.now()
    locked.confirmed_by = user
    locked.save(update_fields=["receipt", "confirmed_at", "confirmed_by"])
    return locked
