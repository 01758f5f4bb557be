"""Program pages: each institution links to its member-directory page when it has one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from aluhub.directory.models import DirectoryProfile
from tests.directory.factories import profile
from tests.factories import OrganizationFactory
from tests.headings import skipped_headings
from tests.workforce.conftest import url

# The reference data loaded once for the module (conftest.trades_once).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trades_once")]


def test_an_institution_listed_in_the_directory_is_linked_and_the_others_are_not(
    client: Client, trades: None
) -> None:
    org = OrganizationFactory(
        name="CÉGEP DE TROIS-RIVIÈRES", slug="cegep-trois-rivieres", kind="school"
    )
    profile(org)
    hidden = OrganizationFactory(name="Cégep de Chicoutimi", slug="cegep-chicoutimi")
    profile(hidden)
    DirectoryProfile.objects.filter(organization=hidden).update(listed=False)

    page = client.get("/fr/main-d-oeuvre/formations/dec-genie-metallurgique/").content.decode()

    links = dict(re.findall(r'<a href="(/fr/repertoire/[^"]+)">([^<]+)</a>', page))
    assert links == {"/fr/repertoire/cegep-trois-rivieres/": "Cégep de Trois-Rivières"}
    assert "Cégep de Chicoutimi" in page  # shown, not linked: its profile is unlisted


def test_a_blank_duration_and_work_study_read_as_feminine_in_french(
    client: Client, trades: None
) -> None:
    """ "Durée" and "Alternance travail-études" are feminine: a blank reads "inconnue"."""
    from aluhub.workforce.models import TrainingProgram

    TrainingProgram.objects.filter(slug="dec-genie-metallurgique").update(
        hours="", work_study=False
    )
    page = client.get("/fr/main-d-oeuvre/formations/dec-genie-metallurgique/").content.decode()
    assert "Durée</dt><dd>inconnue</dd>" in page
    assert "Alternance travail-études</dt><dd>inconnue</dd>" in page
    english = client.get("/en/workforce/training/dec-genie-metallurgique/").content.decode()
    assert "Duration</dt><dd>unknown</dd>" in english


def test_the_directory_counts_its_programs_in_a_heading_above_their_titles(
    client: Client, trades: None
) -> None:
    """The program titles are h3: under the h1 with no h2 they skipped a level."""
    html = client.get(url("workforce:programs", "fr")).content.decode()
    assert skipped_headings(html) == []
    assert re.search(r'<h2 id="results" aria-live="polite">\d+ programmes</h2>', html)
