"""Demo listings: marked, matched, safe to run twice."""

from __future__ import annotations

import pytest

from aluhub.accounts.demo import seed_demo as seed_accounts
from aluhub.circular.demo import seed_demo
from aluhub.circular.models import Listing, Match


@pytest.mark.django_db
@pytest.mark.usefixtures("reference")
def test_seed_demo_twice_creates_marked_listings_once_and_matches() -> None:
    seed_accounts()
    seed_demo()
    seed_demo()
    listings = Listing.objects.all()
    assert listings.count() == 5
    assert all(listing.is_demo and "(démo)" in listing.title for listing in listings)
    pairs = {
        (m.offer.title, m.request.title) for m in Match.objects.select_related("offer", "request")
    }
    assert (
        "Pièces coulées rebutées A380 (démo)",
        "Recherche pièces coulées pour A380.0 (démo)",
    ) in pairs
    assert (
        "Chutes d’extrusion 6063 (démo)",
        "Recherche chutes 6063 pour prototypes (démo)",
    ) in pairs


@pytest.mark.django_db
def test_seed_demo_without_reference_data_does_nothing() -> None:
    assert seed_demo()[0].startswith("circular: no scrap grade loaded")
    assert Listing.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("reference")
def test_seed_demo_renames_a_former_straight_apostrophe_title_instead_of_copying() -> None:
    seed_accounts()
    seed_demo()
    Listing.objects.filter(title="Chutes d’extrusion 6063 (démo)").update(
        title="Chutes d'extrusion 6063 (démo)"
    )
    seed_demo()
    titles = list(
        Listing.objects.filter(title__startswith="Chutes").values_list("title", flat=True)
    )
    assert titles == ["Chutes d’extrusion 6063 (démo)"]
    assert Listing.objects.count() == 5
