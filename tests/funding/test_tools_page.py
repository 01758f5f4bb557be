"""The funding tools' one layout (funding/tools_page.html): stylesheet and menu on each page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Pages of the funding app (alerts, curation) and of funding_plans, all on the layout.
PAGES = [
    "funding:alert_index",
    "funding:alert_subscribe",
    "funding:company_alert",
    "funding:proposal_list",
    "funding:stale_report",
    "funding:import_index",
    "funding_plans:plan_list",
    "funding_plans:plan_create",
    "funding_plans:application_list",
    "funding_plans:application_create",
    "funding_plans:dashboard",
]
MENU = {"fr": 'aria-label="Outils de financement"', "en": 'aria-label="Funding tools"'}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_funding_tools_pages_have_the_tools_stylesheet_and_menu_once(
    client: Client, lang: str
) -> None:
    staff = UserFactory(role="staff")
    MembershipFactory(user=staff, organization=OrganizationFactory())
    client.force_login(staff)
    for name in PAGES:
        with translation.override(lang):
            url = reverse(name)
        page = client.get(url).content.decode()
        assert page.count("funding/tools.css") == 1, url
        assert page.count(MENU[lang]) == 1, url
