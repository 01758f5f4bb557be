"""Program pages: each institution links to its member-directory page when it has one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from aluhub.directory.models import DirectoryProfile
from tests.directory.factories import profile
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


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
