"""Every financing page renders in French and English with its own title, and the
French URL segments are translated."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.funding.curation.models import ImportBatch, ProgramProposal
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding.alerts.factories import make_alert
from tests.funding.factories import make_program
from tests.funding_plans.factories import make_application, make_plan
from tests.phone_tables import stacks_on_phones
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db


def _h1(body: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", body, re.S)
    return found.group(1).strip() if found else ""


@pytest.fixture
def staff_client(client: Client) -> Client:
    staff = UserFactory(role="staff")
    org = OrganizationFactory()
    MembershipFactory(user=staff, organization=org)
    client.force_login(staff)
    return client


def _urls() -> dict[str, str]:
    org = OrganizationFactory()
    program = make_program("p")
    plan = make_plan(org)
    app = make_application(org, program)
    proposal = ProgramProposal.objects.create(kind="new", fields={"name_fr": "X"})
    batch = ImportBatch.objects.create(filename="x.csv", csv_text="id\na\n", columns=["id"])
    alert = make_alert()
    return {
        "alert_index": reverse("funding:alert_index"),
        "alert_subscribe": reverse("funding:alert_subscribe"),
        "company_alert": reverse("funding:company_alert"),
        "alert_unsubscribe": reverse("funding:alert_unsubscribe", args=[token_of(alert)]),
        "alert_confirm": reverse("funding:alert_confirm", args=[token_of(alert)]),
        "plan_list": reverse("funding_plans:plan_list"),
        "plan_create": reverse("funding_plans:plan_create"),
        "plan_detail": reverse("funding_plans:plan_detail", args=[plan.pk]),
        "application_list": reverse("funding_plans:application_list"),
        "application_create": reverse("funding_plans:application_create"),
        "application_edit": reverse("funding_plans:application_edit", args=[app.pk]),
        "dashboard": reverse("funding_plans:dashboard"),
        "proposal_list": reverse("funding:proposal_list"),
        "proposal_create": reverse("funding:proposal_create"),
        "proposal_edit": reverse("funding:proposal_edit", args=["p"]),
        "proposal_detail": reverse("funding:proposal_detail", args=[proposal.pk]),
        "stale_report": reverse("funding:stale_report"),
        "import_index": reverse("funding:import_index"),
        "import_detail": reverse("funding:import_detail", args=[batch.pk]),
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_renders_with_a_title(staff_client: Client, lang: str) -> None:
    with translation.override(lang):
        urls = _urls()
    titles = {}
    for name, url in urls.items():
        response = staff_client.get(url)
        assert (name, response.status_code) == (name, 200)
        titles[name] = _h1(response.content.decode())
    assert all(titles.values())
    if lang == "fr":
        assert titles["alert_index"] == "Alertes de financement"
        assert titles["dashboard"] == "Tableau de bord du financement"
    else:
        assert titles["alert_index"] == "Funding alerts"


def test_french_url_segments() -> None:
    with translation.override("fr"):
        assert reverse("funding_plans:plan_list") == "/fr/financement/montages/"
        assert reverse("funding_plans:application_list") == "/fr/financement/suivi/"
        assert reverse("funding:alert_feed") == "/fr/financement/alertes/fil/"
    with translation.override("en"):
        assert reverse("funding_plans:plan_list") == "/en/funding/plans/"


def test_alert_subscribe_page_describes_the_search(client: Client) -> None:
    make_program("a", regions=["02"])

    body = client.get("/en/funding/alerts/subscribe/", {"region": "02", "page": "3"}).content
    text = body.decode()

    assert "Region: 02" in text
    assert 'value="region=02"' in text  # the page number is not part of the saved search


def test_company_alert_saves_goals(client: Client) -> None:
    user = UserFactory()
    org = OrganizationFactory()
    MembershipFactory(user=user, organization=org)
    client.force_login(user)

    response = client.post(
        "/en/funding/alerts/my-company/", {"goals": ["export", "growth"], "frequency": "daily"}
    )

    assert response.status_code == 302
    alert = user.funding_alerts.get()
    assert (alert.kind, alert.query, alert.organization, alert.is_active) == (
        "company",
        "goal=export&goal=growth",
        org,
        True,
    )


@pytest.mark.one_database
def test_my_alerts_table_stacks_on_phones(client: Client) -> None:
    """The four-column list of a person's alerts hid its actions sideways at 390 px."""
    user = UserFactory()
    make_alert(user=user, email=user.email, name="Aluminium")
    client.force_login(user)
    with translation.override("fr"):
        page = client.get(reverse("funding:alert_index")).content.decode()
    assert stacks_on_phones(page)
    assert '<td data-label="Fréquence">' in page


@pytest.mark.parametrize(("lang", "separator"), [("fr", "\u202f; "), ("en", "; ")])
def test_the_search_feed_title_lists_the_filters_the_page_languages_way(
    client: Client, lang: str, separator: str
) -> None:
    # The feed's title joined the filters with '; ' in French too (decision 0010 wants
    # « Mots : x ; Statut : Ouvert »).
    with translation.override(lang):
        url = reverse("funding:alert_feed")
    body = client.get(f"{url}?q=export&status=open").content.decode()
    title = re.search(r"<title>(.*?)</title>", body)
    assert title is not None
    assert separator in title.group(1)
    assert ("\u202f" in title.group(1)) == (lang == "fr")
