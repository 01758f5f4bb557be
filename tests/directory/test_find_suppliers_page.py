""" "Find suppliers" as a page: fifty matches a page, with the reasons, in both languages
(the ranking itself is checked against the former rule in test_find_suppliers.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from aluhub.directory import suppliers
from aluhub.directory.services import organization_entry_refresh
from aluhub.engines import suppliers as engine
from tests.directory.factories import profile
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


#: Per language: the page's address, a reason in that language, the pagination's label.
PAGES = {
    "fr": ("/fr/repertoire/trouver-des-fournisseurs/", "dans la région demandée", "Page 1 sur 2"),
    "en": ("/en/directory/find-suppliers/", "in the requested region", "Page 1 of 2"),
}


@pytest.mark.parametrize("lang", PAGES)
def test_the_page_shows_fifty_matches_a_page_with_the_reasons(client: Client, lang: str) -> None:
    path, reason, page_label = PAGES[lang]
    for i in range(55):
        profile(OrganizationFactory(name=f"Fonderie {i:02d}", region="02"), processes=["mig"])
    first = client.get(path, {"process": "mig", "region": "02"}).content.decode()
    assert first.count('class="card"><h3>') == 50
    assert "Fonderie 00" in first and "Fonderie 49" in first and "Fonderie 50" not in first
    assert reason in first and page_label in first
    second = client.get(path, {"process": "mig", "region": "02", "page": 2}).content.decode()
    assert second.count('class="card"><h3>') == 5
    assert "Fonderie 54" in second and "Fonderie 00" not in second


def test_a_renamed_organization_moves_in_the_ranking() -> None:
    """The stored name key follows the organization's name (the profile service keeps it):
    equal scores are ordered by the new name at once."""
    first = OrganizationFactory(name="Alpha Alu", region="02")
    second = OrganizationFactory(name="Bêta Alu", region="02")
    for org in (first, second):
        profile(org, processes=["mig"])
    need = engine.Need(process="mig")
    assert [m.name for m in suppliers.supplier_search(AnonymousUser(), need, lang="fr")[:2]] == [
        "Alpha Alu",
        "Bêta Alu",
    ]
    first.name = "Zêta Alu"
    first.save()
    organization_entry_refresh(organization=first)
    ranked = suppliers.supplier_search(AnonymousUser(), need, lang="fr")[:2]
    assert [m.name for m in ranked] == ["Bêta Alu", "Zêta Alu"]


@pytest.mark.parametrize(
    ("lang", "typed", "refused", "error"),
    [
        ("fr", "1 500,5", "1,500.5", "Saisissez un nombre écrit ainsi\u00a0: 1 234,5."),
        ("en", "1,500.5", "1,5", "Enter a number written like 1,234.5."),
    ],
)
def test_the_quantity_reads_the_way_the_page_writes_it(
    client: Client, lang: str, typed: str, refused: str, error: str
) -> None:
    profile(OrganizationFactory(name="Fonderie Grande"), processes=["mig"], capacity_tonnes=2000)
    path = PAGES[lang][0]
    page = client.get(path, {"process": "mig", "quantity_tonnes": typed}).content.decode()
    assert "Fonderie Grande" in page and error not in page
    page = client.get(path, {"process": "mig", "quantity_tonnes": refused}).content.decode()
    assert "Fonderie Grande" not in page
    assert error in page
    assert f'name="quantity_tonnes" value="{refused}"' in page
