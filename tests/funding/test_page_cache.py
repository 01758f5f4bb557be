"""Issue #18: the finder and program pages cache their catalogue fragments, never stale.

The fragments are keyed on the catalogue's version (any program saved, added, deleted or
re-indexed), the language, the day, the reader's staff flag and the page's own inputs: a
repeated request reads no program rows, and every staff edit shows on the very next request.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from aluhub.funding import services
from aluhub.funding.models import FundingOrganization, Program
from tests.factories import UserFactory
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db

FINDER_FR = "/fr/financement/"
FINDER_EN = "/en/funding/"


def get(client: Client, url: str, **params: str) -> tuple[str, int]:
    """The page's HTML and how many SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_repeated_finder_request_reads_no_program_rows(client: Client) -> None:
    make_program("a", name_fr="Aide à l'exportation", name_en="Export aid")
    first, first_queries = get(client, FINDER_FR)
    second, second_queries = get(client, FINDER_FR)
    assert second.split("<main")[1] == first.split("<main")[1]
    assert "Aide à l&#x27;exportation" in second
    assert second_queries < first_queries


def test_each_language_and_each_query_has_its_own_fragment(client: Client) -> None:
    make_program("a", name_fr="Aide à l'exportation", name_en="Export aid", level="federal")
    make_program("b", name_fr="Automatiser", name_en="Automate", level="provincial")
    get(client, FINDER_FR)
    english, _ = get(client, FINDER_EN)
    assert "Export aid" in english and "Aide à l" not in english
    filtered, _ = get(client, FINDER_EN, level="provincial")
    assert "Automate" in filtered and "Export aid" not in filtered
    assert 'value="provincial" id="facet-level-provincial" checked' in filtered


def test_a_staff_edit_through_the_service_shows_on_the_next_request(client: Client) -> None:
    program = make_program("a", name_fr="Ancien nom", name_en="Old name", max_amount_cad=None)
    get(client, FINDER_FR)
    get(client, "/fr/financement/programmes/a/")
    program.name_fr = "Nouveau nom"
    program.max_amount_cad = 50000
    services.program_save(program=program, origin="edit")
    finder, _ = get(client, FINDER_FR)
    assert "Nouveau nom" in finder and "Ancien nom" not in finder
    page, _ = get(client, "/fr/financement/programmes/a/")
    assert "Nouveau nom" in page and "Ancien nom" not in page
    assert "50" in page.split("Montant maximal")[1][:200]


def test_an_admin_rename_of_the_funder_shows_on_the_next_request(client: Client) -> None:
    make_program("a", organization="Ministère d'avant")
    staff = UserFactory(role="staff", is_staff=True, is_superuser=True)
    visitor = Client()
    assert "Ministère d&#x27;avant" in get(visitor, FINDER_FR)[0]
    assert "Ministère d&#x27;avant" in get(visitor, "/fr/financement/programmes/a/")[0]
    organization = FundingOrganization.objects.get(name="Ministère d'avant")
    client.force_login(staff)
    response = client.post(
        f"/fr/admin/funding/fundingorganization/{organization.pk}/change/",
        {"name": "Ministère renommé", "slug": organization.slug, "url": ""},
    )
    assert response.status_code == 302
    finder, _ = get(visitor, FINDER_FR)
    assert "Ministère renommé" in finder and "Ministère d&#x27;avant" not in finder
    page, _ = get(visitor, "/fr/financement/programmes/a/")
    assert "Ministère renommé" in page
    # The search index follows too.
    found, _ = get(visitor, FINDER_FR, q="renommé")
    assert 'href="/fr/financement/programmes/a/"' in found


def test_an_admin_deletion_of_the_funder_shows_on_the_next_request(client: Client) -> None:
    make_program("a", organization="Fonds disparu")
    staff = UserFactory(role="staff", is_staff=True, is_superuser=True)
    visitor = Client()
    assert "Fonds disparu" in get(visitor, "/fr/financement/programmes/a/")[0]
    organization = FundingOrganization.objects.get(name="Fonds disparu")
    client.force_login(staff)
    response = client.post(
        f"/fr/admin/funding/fundingorganization/{organization.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    page, _ = get(visitor, "/fr/financement/programmes/a/")
    assert "Fonds disparu" not in page
    assert "Organisme inconnu" in page


def test_archiving_and_deleting_programs_show_on_the_next_request(client: Client) -> None:
    make_program("a", name_fr="Programme A")
    make_program("b", name_fr="Programme B")
    assert "2 programmes" in get(client, FINDER_FR)[0]
    services.program_archive(program=Program.objects.get(slug="a"), changed_by=None)
    finder, _ = get(client, FINDER_FR)
    assert "1 programme" in finder and "Programme A" not in finder
    assert client.get("/fr/financement/programmes/a/").status_code == 404
    Program.objects.filter(slug="b").delete()
    finder, _ = get(client, FINDER_FR)
    assert "Programme B" not in finder


def test_staff_and_visitors_do_not_share_a_fragment(client: Client) -> None:
    make_program("a", name_fr="Programme public")
    make_program("d", name_fr="Brouillon interne", publication="draft")
    visitor = Client()
    assert "Brouillon interne" not in get(visitor, FINDER_FR)[0]
    client.force_login(UserFactory(role="staff"))
    assert "Brouillon interne" in get(client, FINDER_FR)[0]
    assert "Brouillon interne" not in get(visitor, FINDER_FR)[0]


def test_a_repeated_program_page_reads_only_the_heading_columns(client: Client) -> None:
    make_program(
        "a", name_fr="Aide à l'exportation", name_en="Export aid", summary_fr="Résumé unique"
    )
    url = "/fr/financement/programmes/a/"
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url).content.decode()
    assert second.split("<main")[1] == first.split("<main")[1]
    assert "Résumé unique" in second and "Aide à l&#x27;exportation" in second
    program_reads = [q["sql"] for q in queries if 'FROM "funding_program"' in q["sql"]]
    # The access check and the catalogue version; the summary (and the other columns of the
    # row) came from the fragment cache, not from the database.
    assert len(queries) == 2
    assert not any("summary_fr" in sql for sql in program_reads)
    with translation.override("en"):
        english = client.get("/en/funding/programs/a/").content.decode()
    assert "<title>Export aid" in english
