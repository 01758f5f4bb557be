"""Reads and access rules of the traceability app.

Who sees what (docs/trace.md):

* A site's ledger, its lots and their pages: the members of the site's organization.
* Cluster staff: the anonymized cluster aggregates only, unless the site's settings grant
  them read access (``staff_may_read``).
* A customer sees only what a shipment declares, on the shipment's public verification page
  (reached by its code); nothing else of the shipper's ledger.
* A lot's genealogy shows upstream lots of other organizations without their identity unless
  that lot's owner allows it (``disclose_identity``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from aluhub.accounts.models import Establishment, Membership
from aluhub.accounts.selectors import AnyUser, is_staff

from .models import Event, EventKind, EventLine, LedgerSettings, LineRole, Lot


def _member_of(user: AnyUser, organization_id: int) -> bool:
    if not user.is_authenticated or user.pk is None:
        return False
    return Membership.objects.filter(user_id=user.pk, organization_id=organization_id).exists()


def _staff_granted(user: AnyUser, site_id: int) -> bool:
    return (
        is_staff(user)
        and LedgerSettings.objects.filter(site_id=site_id, staff_may_read=True).exists()
    )


def can_read_site(user: AnyUser, site: Establishment) -> bool:
    return _member_of(user, site.organization_id) or _staff_granted(user, site.pk)


def get_site_for_user(user: AnyUser, pk: int, *, for_change: bool = False) -> Establishment:
    """A site (establishment) whose ledger the user may read; ``for_change``: members only."""
    site = Establishment.objects.select_related("organization").filter(pk=pk).first()
    if site is None:
        raise Http404
    member = _member_of(user, site.organization_id)
    if for_change and not member:
        raise PermissionDenied
    if not (member or _staff_granted(user, site.pk)):
        raise PermissionDenied
    return site


def get_lot_for_user(user: AnyUser, pk: int, *, for_change: bool = False) -> Lot:
    lot = Lot.objects.select_related("organization", "site", "scrap_grade").filter(pk=pk).first()
    if lot is None:
        raise Http404
    member = _member_of(user, lot.organization_id)
    if for_change and not member:
        raise PermissionDenied
    if not (member or _staff_granted(user, lot.site_id)):
        raise PermissionDenied
    return lot


def get_shipment_by_code(code: str) -> Event:
    """The public verification page: any visitor with the code; only disclosed fields shown."""
    event = (
        Event.objects.select_related("lot", "site", "organization")
        .filter(kind=EventKind.SHIP, public_code=code)
        .exclude(public_code="")
        .first()
    )
    if event is None:
        raise Http404
    return event


def sites_for_user(user: AnyUser) -> QuerySet[Establishment]:
    if not user.is_authenticated:
        return Establishment.objects.none()
    return Establishment.objects.filter(organization__memberships__user=user).select_related(
        "organization"
    )


def lots_of_site(site: Establishment) -> QuerySet[Lot]:
    return Lot.objects.filter(site=site).order_by("-made_on", "code")


def events_of_site(site: Establishment) -> QuerySet[Event]:
    return (
        Event.objects.filter(site=site)
        .select_related("lot", "corrects")
        .prefetch_related("lines__lot")
        .order_by("-seq")
    )


# --------------------------------------------------------------------------------------------
# Genealogy


@dataclass
class Node:
    """One upstream lot as the viewer may see it."""

    lot: Lot | None  # None: hidden (another organization's lot)
    code: str
    material: str
    kg: Decimal
    owner: str | None  # None: identity withheld
    via: str  # receive / transform / declared
    children: list[Node] = field(default_factory=list)
    visible: bool = True


MAX_DEPTH = 40


def genealogy(lot: Lot, user: AnyUser, *, kg: Decimal | None = None, depth: int = 0) -> Node:
    """The lot's upstream tree: what it was made from (transform inputs) or shipped from
    (receipt of another member's shipment), recursively, as far as the viewer may see."""
    own = _member_of(user, lot.organization_id) or _staff_granted(user, lot.site_id)
    owner = lot.organization.name if (own or lot.disclose_identity) else None
    node = Node(
        lot=lot if own else None,
        code=lot.code if (own or lot.disclose_identity) else "",
        material=lot.get_material_display(),
        kg=kg if kg is not None else lot.kg,
        owner=owner,
        via="declared",
        visible=own,
    )
    if depth >= MAX_DEPTH:
        return node
    made = (
        EventLine.objects.filter(lot=lot, role=LineRole.OUTPUT)
        .select_related("event")
        .order_by("event__seq")
        .first()
    )
    if made is not None:
        node.via = "transform"
        inputs = EventLine.objects.filter(event_id=made.event_id, role=LineRole.INPUT)
        for line in inputs.select_related("lot__organization").order_by("pk"):
            node.children.append(genealogy(line.lot, user, kg=line.kg, depth=depth + 1))
        return node
    receipt = (
        Event.objects.filter(lot=lot, kind=EventKind.RECEIVE)
        .select_related("source_event__lot__organization")
        .order_by("seq")
        .first()
    )
    if receipt is not None:
        node.via = "receive"
        source = receipt.source_event
        if source is not None and source.lot is not None:
            node.children.append(genealogy(source.lot, user, kg=source.kg, depth=depth + 1))
        elif receipt.counterparty_name and own:
            node.children.append(
                Node(
                    lot=None,
                    code="",
                    material="",
                    kg=receipt.kg or lot.kg,
                    owner=receipt.counterparty_name,
                    via="external",
                )
            )
    return node
