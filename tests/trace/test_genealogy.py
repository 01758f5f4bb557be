"""A lot's genealogy read with one recursive query (SQLite and PostgreSQL), as deep as it goes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aluhub.trace import selectors
from aluhub.trace.models import Lot
from tests.trace.factories import make_site, melt, passed_on, receive

pytestmark = pytest.mark.django_db


def depth(node: selectors.Node) -> int:
    return 1 + max((depth(c) for c in node.children), default=0)


def test_twenty_levels_deep_in_a_bounded_number_of_queries() -> None:
    s = make_site()
    first = receive(s, "R0", "1000").lot
    assert first is not None
    current: Lot = first
    for level in range(1, 21):
        fresh = receive(s, f"R{level}", "1000").lot
        assert fresh is not None
        current = melt(s, [(current, "1000"), (fresh, "1000")], f"M{level}", "1000")
    with CaptureQueriesContext(connection) as queries:
        tree = selectors.genealogy(current, s.user)
    # 21 levels of lots (the last melt down to the first receipt), then its external supplier.
    assert depth(tree) == 22
    codes = []
    node = tree
    while node.via != "external":
        codes.append(node.code)
        node = node.children[0]
    assert codes == [f"M{level}" for level in range(20, 0, -1)] + ["R0"]
    assert node.owner == "Fournisseur externe"
    assert [c.code for c in tree.children] == ["M19", "R20"]
    assert tree.via == "transform"
    # The edges, the lots, the external receipts, the membership: whatever the depth.
    assert len(queries.captured_queries) <= 5


def test_upstream_crosses_members_and_lists_external_suppliers_to_their_owner() -> None:
    seller = make_site("vendeur")
    buyer = make_site("acheteur")
    made, got = passed_on(seller, buyer)
    tree = selectors.genealogy(got, buyer.user)
    assert tree.via == "receive"
    [shipped] = tree.children
    assert (shipped.kg, shipped.code, shipped.owner) == (Decimal("200.000"), "", None)
    [origin] = shipped.children
    # The seller's external supplier is the seller's to see, not the buyer's.
    assert origin.children == []
    own = selectors.genealogy(made, seller.user)
    [source] = own.children
    assert source.code == "S-1"
    [supplier] = source.children
    assert (supplier.via, supplier.owner) == ("external", "Fournisseur externe")
