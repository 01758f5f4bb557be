"""Reads and access rules of the traceability app.

Who sees what (docs/trace.md):

* A site's ledger, its lots and their pages: the members of the site's organization.
* Cluster staff: the anonymized cluster aggregates only, unless the site's settings grant
  them read access (``staff_may_read``). The aggregates (cluster view) are also open to the
  members of the recycling working group.
* A customer sees only what a shipment declares, on the shipment's public verification page
  (reached by its code); nothing else of the shipper's ledger.
* A lot's genealogy shows upstream lots of other organizations without their identity unless
  that lot's owner allows it (``disclose_identity``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from aluhub.accounts.models import Establishment, Membership, User
from aluhub.accounts.selectors import AnyUser, is_staff
from aluhub.circular.models import ContactRequest, ContactStatus
from aluhub.circular.selectors import get_contact_for_user, is_seller
from aluhub.collab.reference import RECYCLING_GROUP_SLUG
from aluhub.collab.selectors import is_group_member
from aluhub.common import search

from .models import Event, EventKind, LedgerSettings, LineRole, Lot, Material, Transfer


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


def _require_ledger(user: AnyUser, organization_id: int, site_id: int, *, for_change: bool) -> None:
    """A site's ledger and lots: its organization's members; cluster staff read it once the
    organization granted them access. The refusal says why and how to get access."""
    member = _member_of(user, organization_id)
    if for_change and not member:
        raise PermissionDenied(
            _(
                "Only the members of the organization that owns this site record in its ledger. "
                "Ask your organization's owner to add you as a member."
            )
        )
    if not (member or _staff_granted(user, site_id)):
        raise PermissionDenied(
            _(
                "This site's ledger is open to the members of the organization that owns it "
                "(and to the cluster staff it grants access). Ask your organization's owner to "
                "add you as a member."
            )
        )


def get_site_for_user(user: AnyUser, pk: int, *, for_change: bool = False) -> Establishment:
    """A site (establishment) whose ledger the user may read; ``for_change``: members only."""
    site = Establishment.objects.select_related("organization").filter(pk=pk).first()
    if site is None:
        raise Http404
    _require_ledger(user, site.organization_id, site.pk, for_change=for_change)
    return site


def get_lot_for_user(user: AnyUser, pk: int, *, for_change: bool = False) -> Lot:
    lot = Lot.objects.select_related("organization", "site", "scrap_grade").filter(pk=pk).first()
    if lot is None:
        raise Http404
    _require_ledger(user, lot.organization_id, lot.site_id, for_change=for_change)
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


def get_transfer_for_user(user: AnyUser, pk: int) -> Transfer:
    """An exchange transfer, for the buyer's members (who confirm it)."""
    transfer = (
        Transfer.objects.select_related(
            "contact__buyer_organization",
            "contact__offer",
            "shipment__lot",
            "shipment__organization",
        )
        .filter(pk=pk)
        .first()
    )
    if transfer is None:
        raise Http404
    if not _member_of(user, transfer.contact.buyer_organization_id):
        raise PermissionDenied
    return transfer


def transfers_for_user(user: AnyUser) -> QuerySet[Transfer]:
    """Transfers where the user's organizations ship or receive, newest first."""
    if not user.is_authenticated:
        return Transfer.objects.none()
    orgs = Membership.objects.filter(user_id=user.pk).values("organization_id")
    return (
        Transfer.objects.filter(
            Q(contact__buyer_organization_id__in=orgs) | Q(shipment__organization_id__in=orgs)
        )
        .select_related("contact__buyer_organization", "shipment__lot", "shipment__organization")
        .order_by("-created_at")
    )


def ledger_site(pk: str) -> Establishment | None:
    """The establishment ``aluhub verify_ledger --site`` names (its id as typed), if any."""
    try:
        number = int(pk)
    except ValueError:
        return None
    return Establishment.objects.filter(pk=number).first()


def ledger_sites() -> list[Establishment]:
    """Every establishment whose ledger holds events, by id (``aluhub verify_ledger``)."""
    ids = Event.objects.values_list("site_id", flat=True).distinct()
    return list(Establishment.objects.filter(pk__in=ids).order_by("pk"))


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


def can_view_cluster(user: AnyUser) -> bool:
    """The anonymized cluster view: the members of the recycling working group (the figures
    are its tool) and cluster staff."""
    return bool(
        user.is_authenticated and (is_staff(user) or is_group_member(user, RECYCLING_GROUP_SLUG))
    )


def require_organization_member(user: User, organization_id: int) -> None:
    """Writing in an organization's ledger (a shipment from the seller's, a receipt in the
    buyer's) is for the members of that organization (403 otherwise)."""
    if not Membership.objects.filter(user=user, organization_id=organization_id).exists():
        raise PermissionDenied


def require_cluster_view(user: AnyUser) -> None:
    """Others are told why and how to get access."""
    if not user.is_authenticated:
        raise PermissionDenied
    if can_view_cluster(user):
        return
    raise PermissionDenied(
        _(
            "The cluster's traceability figures are for the members of the aluminium "
            "valorization and recycling working group and for the cluster staff. To get "
            "access, ask the group's coordinator or the cluster staff to add you to the group."
        )
    )


@dataclass(frozen=True)
class RecycledShipped:
    """Cluster-wide shipments with a recycled-content claim over some dates."""

    kg: Decimal  # effective kg shipped (after corrections)
    recycled_pct: float  # mass-weighted pre- + post-consumer recycled content, %
    shipments: int


def recycled_content_shipped(*, start: dt.date, end: dt.date) -> RecycledShipped | None:
    """Every organization's shipments dated ``start`` to ``end`` (both included) that carry a
    recycled-content claim (demo data left out): kg shipped and the mass-weighted recycled
    content; None when there is no such shipment. A claim is only accepted with both the
    pre- and post-consumer shares known, so every counted shipment has its share."""
    shipments = list(
        Event.objects.filter(
            kind=EventKind.SHIP,
            recycled_claim=True,
            is_demo=False,
            occurred_on__gte=start,
            occurred_on__lte=end,
            lot__pre_consumer_pct__isnull=False,
            lot__post_consumer_pct__isnull=False,
        ).select_related("lot")
    )
    if not shipments:
        return None
    corrected = dict(
        Event.objects.filter(kind=EventKind.ADJUST, corrects__in=shipments)
        .order_by("seq")
        .values_list("corrects_id", "kg")
    )
    total = Decimal(0)
    recycled = Decimal(0)
    for event in shipments:
        lot = event.lot
        kg = corrected.get(event.pk, event.kg)
        if lot is None or kg is None:
            continue
        total += kg
        recycled += kg * (lot.pre_consumer_pct + lot.post_consumer_pct)  # type: ignore[operator]
    if total <= 0:
        return None
    return RecycledShipped(kg=total, recycled_pct=float(recycled / total), shipments=len(shipments))


def is_member(user: AnyUser, organization_id: int) -> bool:
    """Whether the user belongs to the organization (it records on its sites)."""
    return _member_of(user, organization_id)


def organization_ids_of(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user_id=user.pk).values_list("organization_id", flat=True))


def event_output_lot_id(event: Event) -> int:
    """The id of the lot a transformation or a melt produced (its one output line)."""
    return event.lines.get(role=LineRole.OUTPUT).lot_id


def lot_shipments(lot: Lot) -> QuerySet[Event]:
    return lot.events.filter(kind=EventKind.SHIP).order_by("seq")


def lots_for_melt(user: AnyUser) -> QuerySet[Lot]:
    """The lots a user may put into a melt: those at its organizations' sites."""
    sites = sites_for_user(user)
    if not sites.exists():
        raise PermissionDenied(
            _("Recording a melt needs a site of your organization in the ledger.")
        )
    return Lot.objects.filter(site__in=sites).order_by("code")


def get_deal_to_ship_for_user(user: AnyUser, pk: int) -> ContactRequest:
    """An accepted exchange deal whose shipment the user (a seller's member) records."""
    contact = get_contact_for_user(user, pk)
    if not user.is_authenticated or not is_seller(user, contact):
        raise PermissionDenied(_("Only the seller's members record the shipment."))
    if contact.status != ContactStatus.ACCEPTED:
        raise PermissionDenied(_("Only an accepted deal can be shipped."))
    return contact


def seller_lots(contact: ContactRequest) -> QuerySet[Lot]:
    return Lot.objects.filter(organization_id=contact.offer.organization_id).order_by("code")


def buyer_sites(user: AnyUser, transfer: Transfer) -> QuerySet[Establishment]:
    """The user's sites of the buying organization, where the receipt may be recorded."""
    return sites_for_user(user).filter(organization_id=transfer.contact.buyer_organization_id)


#: The lot list in the search token index (kept by the services that declare lots).
LOT_TOKENS = "trace.lot"
#: A word of the lot list held by this many index rows or more is checked lot by lot when
#: a rarer word of the query leads; words that are all this frequent are collected from
#: the index (``search.filter_indexed``, ``collect``; bench/bench_trace_lots.py).
LOT_BROAD_TERM = search.BROAD_TERM


@cache
def _material_documents() -> dict[str, str]:
    """Each material's search tokens from its French and English labels."""
    return {
        value: search.document(search.labels_in_both_languages([label]))
        for value, label in Material.choices
    }


def lot_document(lot: Lot) -> str:
    """What the lot list searches: the lot code, the alloy and temper, the material in
    French and English."""
    return search.document([lot.code, lot.alloy, lot.temper]) + _material_documents().get(
        lot.material, ""
    )


def lot_rows() -> QuerySet[Lot]:
    """The lot list's rows: each lot with its site, newest first (then by code)."""
    return Lot.objects.select_related("site").order_by("-made_on", "code", "pk")


def lots_for_user(
    user: AnyUser,
    *,
    q: str = "",
    material: str = "",
    site_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Lot]:
    """The lots of the user's organizations, newest first: ``material``, ``site_id`` and the
    dates (made on, both included) filter; ``q`` searches the lot code, the alloy and temper
    and the material in French or English (common.search)."""
    if not user.is_authenticated:
        return Lot.objects.none()
    organizations = list(
        Membership.objects.filter(user_id=user.pk).values_list("organization_id", flat=True)
    )
    # One organization (nearly every member): an equality, so the database reads the
    # lots in the list's order from the (organization, order) index and stops at the page.
    mine = (
        Q(organization_id=organizations[0])
        if len(organizations) == 1
        else Q(organization_id__in=organizations)
    )
    lots = lot_rows().filter(mine)
    if material:
        lots = lots.filter(material=material)
    if site_id is not None:
        lots = lots.filter(site_id=site_id)
    if start is not None:
        lots = lots.filter(made_on__gte=start)
    if end is not None:
        lots = lots.filter(made_on__lte=end)
    # Through the search token index: the lot list stays an SQL query, paginated. Each word
    # is a set of lots collected from the index (the database then reads the lots in the
    # list's order and keeps those in the sets); a frequent word next to a rare one (the
    # "lot" of a lot code) is checked on the few lots the rare one leaves.
    if not search.parse_query(q):
        return lots
    return search.filter_indexed(lots, LOT_TOKENS, q, frequent=LOT_BROAD_TERM, collect=True)


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

# Every "made from" edge of the ledger: an output lot of a transformation from each of its
# inputs, and a lot received from another member's shipment from the shipped lot. The
# recursive part walks them upstream from one lot; the same SQL runs on SQLite and PostgreSQL.
UPSTREAM_SQL = """
WITH RECURSIVE edges(child_id, parent_id, kg, via, ord) AS (
    SELECT o.lot_id, i.lot_id, i.kg, 'transform', i.id
    FROM trace_eventline o
    JOIN trace_eventline i ON i.event_id = o.event_id AND i.role = %(input)s
    WHERE o.role = %(output)s
    UNION ALL
    SELECT r.lot_id, s.lot_id, COALESCE(s.kg, 0), 'receive', s.id
    FROM trace_event r
    JOIN trace_event s ON s.id = r.source_event_id
    WHERE r.kind = %(receive)s AND r.lot_id IS NOT NULL AND s.lot_id IS NOT NULL
),
up(child_id, parent_id, kg, via, ord, depth) AS (
    SELECT child_id, parent_id, kg, via, ord, 1 FROM edges WHERE child_id = %(lot)s
    UNION
    SELECT e.child_id, e.parent_id, e.kg, e.via, e.ord, up.depth + 1
    FROM edges e JOIN up ON e.child_id = up.parent_id
    WHERE up.depth < %(max_depth)s
)
SELECT DISTINCT child_id, parent_id, kg, via, ord FROM up
"""


def upstream_edges(lot_id: int) -> list[tuple[int, int, Decimal, str, int]]:
    """(child lot, parent lot, kg, via, order) of every edge upstream of a lot: one query."""
    params: dict[str, int | str] = {
        "input": LineRole.INPUT.value,
        "output": LineRole.OUTPUT.value,
        "receive": EventKind.RECEIVE.value,
        "lot": lot_id,
        "max_depth": MAX_DEPTH,
    }
    with connection.cursor() as cursor:
        cursor.execute(UPSTREAM_SQL, params)
        rows = cursor.fetchall()
    return [(c, p, Decimal(str(kg)), via, o) for c, p, kg, via, o in rows]


def genealogy(lot: Lot, user: AnyUser) -> Node:
    """The lot's upstream tree: what it was made from (transform inputs) or shipped from
    (receipt of another member's shipment), recursively, as far as the viewer may see.

    A recursive query reads every upstream edge at once, a second one the lots, a third the
    external receipts of the leaves; the tree is then built in memory, breadth first, each lot
    expanded once."""
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

    edges = upstream_edges(lot.pk)
    parents: dict[int, list[tuple[int, Decimal, str, int]]] = {}
    for child, parent, kg, via, order in edges:
        parents.setdefault(child, []).append((parent, kg, via, order))
    for items in parents.values():
        items.sort(key=lambda item: item[3])
    ids = {lot.pk} | {parent for _c, parent, _k, _v, _o in edges}
    lots = {item.pk: item for item in Lot.objects.filter(pk__in=ids).select_related("organization")}
    lots[lot.pk] = lot
    leaves = [i for i in ids if i not in parents]
    external = {
        event.lot_id: event
        for event in Event.objects.filter(
            lot_id__in=leaves, kind=EventKind.RECEIVE, source_event__isnull=True
        )
        .exclude(counterparty_name="")
        .order_by("seq")
    }
    root = node_of(lot, lot.kg)
    level: list[tuple[Node, Lot]] = [(root, lot)]
    seen = {lot.pk}
    while level:
        next_level: list[tuple[Node, Lot]] = []
        for node, item in level:
            upstream = parents.get(item.pk, [])
            if upstream:
                node.via = upstream[0][2]
            for parent_id, kg, _via, _order in upstream:
                parent_lot = lots[parent_id]
                parent_node = node_of(parent_lot, kg)
                node.children.append(parent_node)
                if parent_id not in seen:
                    seen.add(parent_id)
                    next_level.append((parent_node, parent_lot))
            receipt = external.get(item.pk)
            if not upstream and receipt is not None:
                node.via = "receive"
                if own(item):
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
