"""Issue #18: the site navigation, the footer and the home page's sections are cached per
language (and the home figures per value), so a cached fragment never shows the wrong
language, the wrong current section, or an outdated count."""

from __future__ import annotations

import pytest
from django.test import Client

from aluhub.funding import services
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db


def test_home_and_footer_follow_the_language(client: Client) -> None:
    french = client.get("/fr/").content.decode()
    english = client.get("/en/").content.decode()
    again = client.get("/fr/").content.decode()
    assert "Politique de confidentialité" in french and "Privacy policy" not in french
    assert "Privacy policy" in english and "Politique de confidentialité" not in english
    assert "What AluHub offers" in english
    assert "Privacy policy" not in again
    assert again.split("<main")[1] == french.split("<main")[1]


def test_the_current_section_is_marked_on_each_page(client: Client) -> None:
    funding = client.get("/fr/financement/").content.decode()
    home = client.get("/fr/").content.decode()
    funding_again = client.get("/fr/financement/").content.decode()
    assert 'href="/fr/financement/" aria-current="page"' in funding
    assert 'aria-current="page"' not in home.split('id="main-nav"')[1].split("</nav>")[0]
    assert 'href="/fr/financement/" aria-current="page"' in funding_again


def test_home_figures_change_on_the_next_request(client: Client) -> None:
    program = make_program("a", status="open")
    before = client.get("/en/").content.decode()
    assert "<strong>1</strong> financing program<" in before
    assert "1 open now" in before
    make_program("b", status="closed")
    program.status = "closed"
    services.program_save(program=program, origin="edit")
    after = client.get("/en/").content.decode()
    assert "<strong>2</strong> financing programs" in after
    assert "0 open now" in after
