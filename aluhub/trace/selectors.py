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


def get_event_for_user(user: AnyUser, pk: int, *, for_change: bool = False) -> Event:
    """An event of a site's ledger: readable like its site; ``for_change``: members only."""
    event = Event.objects.select_related("site", "lot", "corrects").filter(pk=pk).first()
    if event is None:
        raise Http404
    get_site_for_user(user, event.site_id, for_change=for_change)
    return event


def get_shipment_for_user(user: AnyUser, pk: int) -> Event:
    """A shipment of the user's organization (its declaration): members only."""
    event = (
        Event.objects.select_related("lot", "site", "organization")
        .filter(pk=pk, kind=EventKind.SHIP)
        .first()
    )
    if event is None or event.lot is None:
        raise Http404
    if not _member_of(user, event.organization_id):
        raise PermissionDenied
    return event


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


def genealogy(lot: Lot, user: AnyUser) -> Node:
    """The lot's upstream tree: what it was made from (transform inputs) or shipped from
    (receipt of another member's shipment), recursively, as far as the viewer may see.

    Read level by level: three queries per level of the tree, whatever its width."""
    readable: dict[tuple[int, int], bool] = {}

    def own(item: Lot) -> bool:
        key = (item.organization_id, item.site_id)
        if key not in readable:
            readable[key] = _member_of(user, item.organization_id) or _staff_granted(
                user, item.site_id
            )
        return readable[key]

    def node_of(item: Lot, kg: Decimal) -> Node:
        mine = own(item)
        shown = mine or item.disclose_identity
        return Node(
            lot=item if mine else None,
            code=item.code if shown else "",
            material=item.get_material_display(),
            kg=kg,
            owner=item.organization.name if shown else None,
            via="declared",
            visible=mine,
        )

    root = node_of(lot, lot.kg)
    level: list[tuple[Node, Lot]] = [(root, lot)]
    seen = {lot.pk}
    for _depth in range(MAX_DEPTH):
        if not level:
            break
        ids = [item.pk for _node, item in level]
        made = {}
        for line in EventLine.objects.filter(lot_id__in=ids, role=LineRole.OUTPUT).order_by(
            "-event__seq"
        ):
            made[line.lot_id] = line.event_id
        inputs: dict[int, list[EventLine]] = {}
        for line in (
            EventLine.objects.filter(event_id__in=set(made.values()), role=LineRole.INPUT)
            .select_related("lot__organization")
            .order_by("pk")
        ):
            inputs.setdefault(line.event_id, []).append(line)
        receipts = {}
        for event in (
            Event.objects.filter(
                lot_id__in=[i for i in ids if i not in made], kind=EventKind.RECEIVE
            )
            .select_related("source_event__lot__organization")
            .order_by("-seq")
        ):
            receipts[event.lot_id] = event
        next_level: list[tuple[Node, Lot]] = []
        for node, item in level:
            if item.pk in made:
                node.via = "transform"
                for line in inputs.get(made[item.pk], []):
                    child = node_of(line.lot, line.kg)
                    node.children.append(child)
                    if line.lot_id not in seen:
                        seen.add(line.lot_id)
                        next_level.append((child, line.lot))
                continue
            receipt = receipts.get(item.pk)
            if receipt is None:
                continue
            node.via = "receive"
            source = receipt.source_event
            if source is not None and source.lot is not None:
                child = node_of(source.lot, source.kg or source.lot.kg)
                node.children.append(child)
                if source.lot.pk not in seen:
                    seen.add(source.lot.pk)
                    next_level.append((child, source.lot))
            elif receipt.counterparty_name and own(item):
                node.children.append(
                    Node(
                        lot=None,
                        code="",
                        material="",
                        kg=receipt.kg or item.kg,
                        owner=receipt.counterparty_name,
                        via="external",
                    )
                )
        level = next_level
    return root
