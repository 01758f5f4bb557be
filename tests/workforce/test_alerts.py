"""Job alerts: a saved search of the postings on the subscriptions core (double opt-in,
one-click unsubscribe, delivery by the worker's ``send_subscriptions`` command)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.accounts.models import Organization, User
from aluhub.common import subscriptions
from aluhub.workforce.models import JobAlert, JobAlertDelivery, JobPosting, Trade
from tests.secret_links import token_of
from tests.workforce.conftest import next_day, post_job

# The reference data loaded once for the module (conftest.trades_once).
pytestmark = pytest.mark.usefixtures("trades_once", "trades")


def _url(name: str, lang: str, *args: Any) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def _link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+/)", body)
    assert match, body
    return match.group(1)


def _student_alert(client: Client, capture: Any, *, lang: str = "fr", **search: str) -> JobAlert:
    """A student saves a search through the page and confirms it from the e-mail's link."""
    data = {"email": "etudiante@example.org", "language": lang, "frequency": "immediate"}
    data.update(search)
    with capture(execute=True):
        response = client.post(_url("workforce:alert_new", lang), data)
    assert response.status_code == 200
    alert = JobAlert.objects.get(email="etudiante@example.org")
    assert alert.is_active is False
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["etudiante@example.org"]
    confirm_path = _link(confirmation.body)
    assert client.get(confirm_path).status_code == 200  # a button, not yet confirmed
    alert.refresh_from_db()
    assert alert.confirmed_at is None
    assert client.post(confirm_path).status_code == 200
    alert.refresh_from_db()
    assert alert.is_active
    mail.outbox.clear()
    return alert


def test_a_members_internship_reaches_the_students_confirmed_saved_search(
    client: Client,
    django_capture_on_commit_callbacks: Any,
    member: User,
    member_org: Organization,
) -> None:
    welder = Trade.objects.get(noc_2021="72106")
    alert = _student_alert(
        client,
        django_capture_on_commit_callbacks,
        trade=welder.slug,
        region="02",
        kind="internship",
    )

    internship = post_job(member, member_org)
    post_job(member, member_org, title="Soudeur permanent", kind="permanent")
    post_job(member, member_org, title="Stage à Montréal", region="06", city="Montréal")

    call_command("send_subscriptions", "--channel", "jobs", "--frequency", "immediate")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["etudiante@example.org"]
    assert (
        message.subject == f"Nouvelle offre\u00a0: {internship.title}"
    )  # common.mail flattens spaces in a subject
    assert _url("workforce:job", "fr", internship.pk) in message.body
    assert "Soudeur permanent" not in message.body
    assert "Montréal" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert list(JobAlertDelivery.objects.values_list("alert", "posting")) == [
        (alert.pk, internship.pk)
    ]

    # Running the worker's job again sends nothing twice.
    call_command("send_subscriptions", "--channel", "jobs", "--frequency", "immediate")
    assert len(mail.outbox) == 1


def test_unconfirmed_and_unsubscribed_alerts_receive_nothing(
    client: Client,
    django_capture_on_commit_callbacks: Any,
    member: User,
    member_org: Organization,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("workforce:alert_new", "en"),
            {"email": "pending@example.org", "language": "en", "frequency": "immediate"},
        )
    alert = _student_alert(client, django_capture_on_commit_callbacks, lang="en", q="welding")
    # One-click unsubscribe as a mail client does it: a POST without CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        _url("workforce:alert_unsubscribe", "en", token_of(alert)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200

    post_job(member, member_org)
    call_command("send_subscriptions", "--channel", "jobs")

    assert mail.outbox == []


def test_english_alert_on_words_gets_an_english_email(
    client: Client,
    django_capture_on_commit_callbacks: Any,
    member: User,
    member_org: Organization,
) -> None:
    _student_alert(client, django_capture_on_commit_callbacks, lang="en", q="welders")
    job = post_job(member, member_org)
    post_job(
        member,
        member_org,
        title="Opérateur d'extrusion",
        description="Presse d'extrusion",
        trade=Trade.objects.get(noc_2021="94100"),
    )

    call_command("send_subscriptions", "--channel", "jobs")

    assert [m.subject for m in mail.outbox] == [f"New posting: {job.title}"]
    assert "Unsubscribe in one click:" in mail.outbox[0].body


def test_alert_page_prefills_the_search_and_shows_field_errors(client: Client) -> None:
    page = client.get(_url("workforce:alert_new", "fr") + "?kind=internship&region=02")
    assert page.status_code == 200
    assert '<option value="internship" selected>' in page.content.decode()

    response = client.post(
        _url("workforce:alert_new", "fr"),
        {"email": "pas-une-adresse", "language": "fr", "frequency": "weekly"},
    )
    assert response.status_code == 200
    assert "Saisissez une adresse" in response.content.decode()
    assert JobAlert.objects.count() == 0


def test_the_job_search_links_to_an_alert_on_the_same_search(client: Client) -> None:
    page = client.get(_url("workforce:jobs", "en") + "?kind=internship&region=02")
    alert_url = _url("workforce:alert_new", "en")
    assert f'href="{alert_url}?region=02&amp;kind=internship"' in page.content.decode()


def test_a_trade_page_offers_an_alert_on_its_trade(client: Client) -> None:
    page = client.get(_url("workforce:trade", "fr", "welder")).content.decode()
    assert f'href="{_url("workforce:alert_new", "fr")}?trade=welder"' in page
    form = client.get(_url("workforce:alert_new", "fr") + "?trade=welder").content.decode()
    # The welder's title has no official French yet: the option says it in words.
    assert '<option value="welder" selected>Welders and related machine operators (titre' in form


def test_a_posting_closing_today_reaches_an_alert_sent_in_the_evening(
    member: User, member_org: Organization
) -> None:
    """At 21:00 in Québec it is already tomorrow in UTC: a posting that closes today is
    still on the board then, and the alert sent then includes it."""
    today = timezone.localdate()
    evening = dt.datetime.combine(today, dt.time(21), tzinfo=timezone.get_current_timezone())
    job = post_job(member, member_org, closing_date=today)
    JobPosting.objects.filter(pk=job.pk).update(created_at=evening - dt.timedelta(hours=10))
    alert = JobAlert.objects.create(
        email="soir@example.org", language="fr", frequency="immediate", confirmed_at=evening
    )
    JobAlert.objects.filter(pk=alert.pk).update(created_at=evening - dt.timedelta(hours=12))

    # The worker's clock reads UTC (timezone.now()).
    subscriptions.deliver_due(channels=["jobs"], now=evening.astimezone(dt.UTC))

    assert [m.subject for m in mail.outbox] == [f"Nouvelle offre\u00a0: {job.title}"]


def test_the_alert_email_dates_the_closing_day_as_french_writes_it(
    member: User, member_org: Organization
) -> None:
    year = next_day(3, 1).year
    alert = JobAlert.objects.create(
        email="dates@example.org", language="fr", frequency="immediate", confirmed_at=None
    )
    JobAlert.objects.filter(pk=alert.pk).update(confirmed_at=alert.created_at)
    post_job(member, member_org, closing_date=dt.date(year, 3, 1))

    subscriptions.deliver_due(channels=["jobs"])

    assert f"Clôture le 1er mars {year}" in mail.outbox[0].body


def test_no_alert_is_offered_for_a_trade_no_posting_can_name(client: Client) -> None:
    """A posting names its trade by NOC 2021 code: a trade without a code gets no posting,
    so its page offers no alert that would never send anything, and the form refuses it."""
    no_code = Trade.objects.get(slug="mechanical-engineering-technologist")
    assert no_code.noc_2021 == ""
    alert_url = _url("workforce:alert_new", "fr")

    page = client.get(_url("workforce:trade", "fr", no_code.slug)).content.decode()
    form = client.get(f"{alert_url}?trade={no_code.slug}").content.decode()

    assert (f"{alert_url}?trade=" in page, f'<option value="{no_code.slug}"' in form) == (
        False,
        False,
    )


def test_a_french_alert_says_a_trades_title_is_english_when_it_has_no_french_one(
    member: User, member_org: Organization
) -> None:
    """« Métier : Welders and related machine operators (titre anglais) »: the line showed
    the English title with nothing to say it is English."""
    welder = Trade.objects.get(slug="welder")
    assert welder.title_fr in (None, "")
    alerts = {
        lang: JobAlert.objects.create(
            email=f"{lang}@example.org", language=lang, frequency="immediate", trade=welder
        )
        for lang in ("fr", "en")
    }
    JobAlert.objects.update(confirmed_at=timezone.now() - dt.timedelta(hours=1))
    post_job(member, member_org, trade=welder)

    subscriptions.deliver_due(channels=["jobs"])

    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert alerts["fr"].language == "fr"
    assert (
        "Métier\u00a0: Welders and related machine operators (titre anglais)"
        in bodies["fr@example.org"]
    )
    assert "Trade: Welders and related machine operators\n" in bodies["en@example.org"]
