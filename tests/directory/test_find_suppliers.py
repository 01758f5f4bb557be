""" "Find suppliers" in SQL, one page at a time: the same matches, scores, reasons and order
as the engine over every listed profile the viewer may see (the former rule), for a visitor,
a cluster member and an organization's own member, on every page."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from pytest_django import DjangoDbBlocker

from aluhub.accounts.selectors import AnyUser
from aluhub.directory import selectors, suppliers
from aluhub.engines import suppliers as engine
from tests.directory.factories import profile
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.module_rows import module_rows

pytestmark = pytest.mark.django_db

# Names whose casefold order differs from their accent-free order, and case-only twins.
NAMES = ["École Alu", "Ecole Nord", "Zinc & Alu", "émail Sud", "Alpha", "alpha", "Ébénisterie",
         "Aluminerie", "Öko Metall", "Oko Alu", "Bétons", "Betons"]  # fmt: skip
ALLOYS = ["6061", "6063", "5052", "A356.0", "a356.0"]
PROCESSES = ["extrusion", "mig", "anodizing", "machining"]
VISIBILITIES = [
    {},
    {"processes": "hidden"},
    {"processes": "members"},
    {"alloys": "members"},
    {"certifications": "hidden"},
    {"region": "members"},
    {"capacity_tonnes": "public"},
    {"capacity_tonnes": "hidden"},
]
NEEDS = [
    engine.Need(process="extrusion"),
    engine.Need(process="mig", certification="iso_9001"),
    engine.Need(alloy="6063", region="02"),
    engine.Need(alloy="a356.0"),
    engine.Need(alloy="A356 .0", quantity_tonnes=100.0),
    engine.Need(region="02"),
    engine.Need(certification="csa_w47_2", region="04", quantity_tonnes=500.0),
    engine.Need(quantity_tonnes=1.0),
    engine.Need(
        process="extrusion",
        alloy="6061",
        certification="iso_9001",
        region="02",
        quantity_tonnes=250.0,
    ),  # fmt: skip
    engine.Need(process="anodizing", alloy="7075"),
    engine.Need(process="fsw"),
]


@pytest.fixture(scope="module")
def listing(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[dict[str, AnyUser]]:
    """Written once for the module (tests/module_rows.py): every test here only reads it.
    The page test, which writes its own profiles, is in test_find_suppliers_page.py."""
    viewers: dict[str, AnyUser] = {}
    with module_rows(django_db_blocker, load=lambda: viewers.update(_write_listing())):
        yield viewers


def _write_listing() -> dict[str, AnyUser]:
    rng = random.Random(18)
    orgs = []
    for i in range(60):
        org = OrganizationFactory(
            name=f"{rng.choice(NAMES)} {i % 4}",
            region=rng.choice(["02", "04", "06"]),
            is_cluster_member=i % 5 == 0,
        )
        profile(
            org,
            visibility=rng.choice(VISIBILITIES),
            listed=i % 9 != 4,
            processes=rng.sample(PROCESSES, rng.randint(0, 3)),
            alloys=rng.sample(ALLOYS, rng.randint(0, 2)),
            certifications=rng.sample(["iso_9001", "csa_w47_2", "asi"], rng.randint(0, 2)),
            capacity_tonnes=rng.choice([None, 50, 100, 250, 1000]),
            city=rng.choice(["", "Alma"]),
            sells=rng.choice(["", "Profilés"]),
        )
        orgs.append(org)
    cluster = UserFactory()
    MembershipFactory(user=cluster, organization=orgs[0])  # a cluster member's account
    own = UserFactory()
    MembershipFactory(user=own, organization=orgs[7])  # not a cluster member
    MembershipFactory(user=own, organization=orgs[11])
    return {"visitor": AnonymousUser(), "cluster": cluster, "own": own}


def former_rule(user: AnyUser, need: engine.Need, lang: str) -> list[engine.Match]:
    """Every listed profile the viewer may see turned into an engine supplier and ranked."""
    everyone = selectors.directory_search(user, selectors.DirectoryFilters())
    return engine.rank_suppliers(need, [suppliers.engine_supplier(v) for v in everyone], lang=lang)


@pytest.mark.parametrize("viewer", ["visitor", "cluster", "own"])
@pytest.mark.parametrize("need", NEEDS, ids=str)
def test_every_page_holds_the_former_rule_s_matches_in_its_order(
    listing: dict[str, AnyUser], viewer: str, need: engine.Need
) -> None:
    user = listing[viewer]
    expected = former_rule(user, need, "fr")
    results = suppliers.supplier_search(user, need, lang="fr")
    assert results.count() == len(expected)
    paginator = Paginator(results, 7)
    found = [m for number in paginator.page_range for m in paginator.page(number)]
    assert found == expected
    # Any slice, not only whole pages.
    assert results[3:11] == expected[3:11]
    assert results[len(expected) :] == []


def test_the_list_is_not_trivial(listing: dict[str, AnyUser]) -> None:
    """The comparison above covers ties, exclusions and every weight."""
    need = engine.Need(process="extrusion", alloy="6061", certification="iso_9001",
                       region="02", quantity_tonnes=250.0)  # fmt: skip
    ranked = former_rule(listing["visitor"], engine.Need(region="02"), "fr")
    assert len(ranked) > 30
    assert len({m.score for m in ranked}) == 2
    loose = former_rule(listing["cluster"], engine.Need(process="extrusion"), "fr")
    strict = former_rule(listing["cluster"], need, "fr")
    assert 0 < len(strict) < len(loose)
    weighed = engine.Need(certification="csa_w47_2", region="04", quantity_tonnes=500.0)
    assert len({m.score for m in former_rule(listing["cluster"], weighed, "fr")}) >= 5
    # What a viewer may see changes the matches (hidden processes, members-only fields).
    extrusion = engine.Need(process="extrusion")
    assert len(former_rule(listing["visitor"], extrusion, "fr")) < len(loose)
    names = [m.name for m in former_rule(listing["own"], engine.Need(region="04"), "en")]
    # Accented names sort after the others in the engine's (casefold) order.
    assert any(n[0] in "ÉéÖ" for n in names)


def test_iterating_gives_every_match_in_order(listing: dict[str, AnyUser]) -> None:
    need = engine.Need(region="02", quantity_tonnes=100.0)
    results = suppliers.supplier_search(listing["cluster"], need, lang="en")
    assert list(results) == former_rule(listing["cluster"], need, "en")
    assert results[0] == former_rule(listing["cluster"], need, "en")[0]


def test_a_page_is_one_ranked_query_and_its_profiles(
    listing: dict[str, AnyUser], django_assert_num_queries: Any
) -> None:
    """The database ranks in the engine's order (casefold names included): a page, first
    or not, is one slice of the ranking and the page's profiles, no group read again."""
    need = engine.Need(region="02", quantity_tonnes=100.0)
    results = suppliers.supplier_search(listing["cluster"], need, lang="fr")
    expected = former_rule(listing["cluster"], need, "fr")
    for window in (slice(0, 7), slice(7, 14), slice(30, 60)):
        with django_assert_num_queries(2):
            assert results[window] == expected[window]


@pytest.mark.parametrize("viewer", ["visitor", "cluster", "own"])
@pytest.mark.parametrize(
    "need", [engine.Need(process="extrusion"), engine.Need(process="mig", alloy="6061")], ids=str
)
def test_the_count_of_required_facets_reads_the_token_index(
    listing: dict[str, AnyUser], viewer: str, need: engine.Need
) -> None:
    """Only listed profiles hold tokens, so the count of a need with a process or an alloy
    equals the ranking's count without scanning the profiles: a visitor's is one query on
    the token index; an organization's member's reads its own profiles' ids first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = listing[viewer]
    results = suppliers.supplier_search(user, need, lang="fr")
    with CaptureQueriesContext(connection) as queries:
        total = results.count()
    assert total == len(former_rule(user, need, "fr")) > 0
    if viewer == "visitor":
        assert len(queries) == 1
        assert "directory_directoryprofile" not in queries[0]["sql"]
    else:
        assert len(queries) == 3
        assert all("directory_directoryprofile" not in q["sql"] for q in queries[1:])
