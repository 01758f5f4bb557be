"""'My alerts': a signed-in user sees every subscription of their address on every channel
(funding alerts, news, internships and jobs, events) with its settings and unsubscribe
links (aluhub/common/subscriptions.py, subscriptions_for_email)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from aluhub.collab.models import EventAlert
from aluhub.common.subscriptions import subscriptions_for_email
from aluhub.community.models import Subscription as NewsSubscription
from aluhub.funding.alerts.models import AlertSubscription
from aluhub.workforce.models import JobAlert
from tests.factories import UserFactory
from tests.secret_links import token_of
from tests.workforce.conftest import url

pytestmark = pytest.mark.django_db

EMAIL = "Etudiante@Example.org"


@pytest.fixture
def held() -> dict[str, object]:
    now = timezone.now()
    return {
        "funding": AlertSubscription.objects.create(
            email="etudiante@example.org", name="Stages", confirmed_at=now
        ),
        "news": NewsSubscription.objects.create(
            email="ETUDIANTE@example.org", categories=["training"], confirmed_at=now
        ),
        "jobs": JobAlert.objects.create(
            email="etudiante@example.org", kind="internship", region="02", language="en"
        ),
        "events": EventAlert.objects.create(email="etudiante@example.org", confirmed_at=now),
        "gone": JobAlert.objects.create(
            email="etudiante@example.org", kind="permanent", confirmed_at=now, unsubscribed_at=now
        ),
        "other": JobAlert.objects.create(email="quelquun@example.org", confirmed_at=now),
    }


def test_every_channel_of_one_address(held: dict[str, object]) -> None:
    found = subscriptions_for_email(EMAIL)
    assert {h.subscription for h in found} == {
        held["funding"],
        held["news"],
        held["jobs"],
        held["events"],
    }  # case aside; not the unsubscribed one, not another address
    job = next(h for h in found if h.subscription == held["jobs"])
    assert job.manage_url.endswith(f"/{token_of(held['jobs'])}/")
    assert job.channel.key == "jobs"
    assert subscriptions_for_email("") == []


@pytest.mark.parametrize(
    ("lang", "title", "pending", "link"),
    [
        ("fr", "Mes alertes", "En attente de votre confirmation", "Réglages"),
        ("en", "My alerts", "Waiting for your confirmation", "Settings"),
    ],
)
def test_my_alerts_page_lists_them_with_links(
    client: Client, held: dict[str, object], lang: str, title: str, pending: str, link: str
) -> None:
    client.force_login(UserFactory(email=EMAIL))
    html = client.get(url("my_alerts", lang)).content.decode()
    assert f"<h1>{title}</h1>" in html
    for key in ("funding", "news", "jobs", "events"):
        assert token_of(held[key]) in html
    assert token_of(held["gone"]) not in html
    assert token_of(held["other"]) not in html
    assert pending in html and link in html  # the job alert is not confirmed yet
    assert html.count(f">{link}</a>") == 3
    # The language of each alert, named in the page's language (the job alert is English).
    cells = html.split('data-label="Langue">' if lang == "fr" else 'data-label="Language">')[1:]
    names = sorted(cell.split("</td>")[0] for cell in cells)
    assert names == (
        ["anglais", "français", "français", "français"]
        if lang == "fr"
        else ["English", "French", "French", "French"]
    )


def test_unverified_address_sees_no_alerts(client: Client, held: dict[str, object]) -> None:
    client.force_login(UserFactory(email=EMAIL, email_verified_at=None))
    html = client.get(url("my_alerts", "fr")).content.decode()
    assert token_of(held["funding"]) not in html
    assert "Confirmez d" in html


def test_anonymous_goes_to_log_in(client: Client) -> None:
    response = client.get(url("my_alerts", "en"))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dashboard_and_account_menu_link_to_my_alerts(client: Client, lang: str) -> None:
    client.force_login(UserFactory())
    html = client.get(url("dashboard:index", lang)).content.decode()
    assert html.count(f'href="{url("my_alerts", lang)}"') == 2
