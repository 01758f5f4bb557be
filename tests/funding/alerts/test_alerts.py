"""Alerts: a program change reaches a matching subscriber once, in the subscriber's
language, and an unrelated subscriber not at all."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from aluhub.funding import services as funding_services
from aluhub.funding.alerts import services
from aluhub.funding.alerts.models import AlertDelivery, AlertSubscription
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding.alerts.factories import make_alert
from tests.funding.factories import make_program
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db


def _past(alert: AlertSubscription, hours: int = 1) -> None:
    """Move the alert's confirmation (and the history written so far) into the past, so
    that only the changes made after this call are new to the alert."""
    from aluhub.funding.models import ProgramChange

    when = timezone.now() - dt.timedelta(hours=hours)
    ProgramChange.objects.update(changed_at=when - dt.timedelta(minutes=1))
    AlertSubscription.objects.filter(pk=alert.pk).update(confirmed_at=when, created_at=when)
    alert.refresh_from_db()


def _change_amount(slug: str, amount: int) -> None:
    from aluhub.funding.models import Program

    program = Program.objects.get(slug=slug)
    program.max_amount_cad = Decimal(amount)
    funding_services.program_save(program=program, origin="test")


def test_alert_change_reaches_matching_subscriber_once_in_their_language() -> None:
    make_program("export-aid", name_fr="Aide à l'export", name_en="Export aid", regions=["02"])
    alert = make_alert(email="en@example.org", query="region=02", language="en")
    _past(alert)
    _change_amount("export-aid", 50000)

    report = services.alerts_send(frequency="immediate")
    again = services.alerts_send(frequency="immediate")

    assert (report.emails, again.emails) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["en@example.org"]
    assert "Export aid" in message.body
    assert "Changed: amounts" in message.body
    assert "Region: 02" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_alert_unrelated_subscriber_gets_nothing() -> None:
    make_program("saguenay", regions=["02"])
    unrelated = make_alert(email="other@example.org", query="region=06")
    _past(unrelated)
    _change_amount("saguenay", 10000)

    report = services.alerts_send()

    assert report.emails == 0
    assert mail.outbox == []


def test_alert_french_subscriber_reads_french() -> None:
    make_program("a", name_fr="Aide à l'export", name_en="Export aid")
    alert = make_alert(email="fr@example.org", query="", language="fr")
    _past(alert)
    _change_amount("a", 20000)

    services.alerts_send()

    assert len(mail.outbox) == 1
    assert "Aide à l'export" in mail.outbox[0].body
    assert "Modifié\u00a0: montants" in mail.outbox[0].body


def test_alert_subject_names_a_lone_program_and_counts_several() -> None:
    make_program("a", name_fr="Aide à l'export", name_en="Export aid")
    make_program("b", name_fr="Aide à l'innovation", name_en="Innovation aid")
    alert = make_alert(email="fr@example.org", query="", language="fr")
    _past(alert)
    _change_amount("a", 20000)
    services.alerts_send()
    _change_amount("a", 30000)
    _change_amount("b", 30000)
    services.alerts_send()

    assert [m.subject for m in mail.outbox] == [
        "Alerte de financement AluHub\u00a0: Aide à l'export",
        "Alerte de financement AluHub\u00a0: 2 programmes nouveaux ou modifiés",
    ]


def test_alert_ignores_changes_that_are_not_material() -> None:
    program = make_program("a")
    alert = make_alert(query="")
    _past(alert)
    program.source_url = "https://example.org/other-source"
    funding_services.program_save(program=program, origin="test")

    assert services.alerts_send().emails == 0


def test_alert_new_program_is_sent_as_new() -> None:
    alert = make_alert(query="q=export", language="en")
    _past(alert)
    make_program("new-one", name_fr="Exporter plus", name_en="Export more")

    services.alerts_send()

    assert len(mail.outbox) == 1
    assert "New program" in mail.outbox[0].body


def test_alert_delivery_log_holds_one_row_per_change() -> None:
    make_program("a")
    alert = make_alert(query="")
    _past(alert)
    _change_amount("a", 1000)
    services.alerts_send()
    _change_amount("a", 2000)
    services.alerts_send()

    assert AlertDelivery.objects.filter(subscription=alert).count() == 2
    assert len(mail.outbox) == 2


def test_alert_daily_waits_for_its_interval() -> None:
    make_program("a")
    alert = make_alert(query="", frequency="daily")
    _past(alert, hours=48)
    AlertSubscription.objects.filter(pk=alert.pk).update(
        last_sent_at=timezone.now() - dt.timedelta(hours=2)
    )
    _change_amount("a", 1000)

    assert services.alerts_send(frequency="daily").emails == 0
    later = timezone.now() + dt.timedelta(days=1)
    assert services.alerts_send(frequency="daily", now=later).emails == 1


def test_alert_unconfirmed_or_unsubscribed_gets_nothing() -> None:
    make_program("a")
    pending = make_alert(email="p@example.org", query="", confirmed_at=None)
    gone = make_alert(email="g@example.org", query="", unsubscribed_at=timezone.now())
    AlertSubscription.objects.filter(pk__in=[pending.pk, gone.pk]).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    _change_amount("a", 1000)

    assert services.alerts_send().emails == 0


def test_company_alert_explains_with_the_engine_criteria() -> None:
    user = UserFactory(preferred_language="en")
    org = OrganizationFactory(region="02", employees=45)
    MembershipFactory(user=user, organization=org)
    make_program(
        "fits", name_en="Fits", phases=["export"], regions=["02"], eligible_sizes=["small"]
    )
    make_program("elsewhere", name_en="Elsewhere", phases=["export"], regions=["06"])
    alert = make_alert(
        email=user.email, kind="company", organization=org, query="goal=export", language="en"
    )
    _past(alert)
    _change_amount("fits", 5000)
    _change_amount("elsewhere", 5000)

    services.alerts_send()

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Fits" in body and "Elsewhere" not in body
    assert "Why it matches your company:" in body


def test_subscribe_anonymous_needs_confirmation(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/financement/alertes/abonnement/",
            {
                "email": "new@example.org",
                "frequency": "weekly",
                "language": "en",
                "query": "region=02",
            },
        )

    assert response.status_code == 200
    alert = AlertSubscription.objects.get(email="new@example.org")
    assert (alert.query, alert.language, alert.is_active) == ("region=02", "en", False)
    assert len(mail.outbox) == 1
    assert (
        "/en/funding/alerts/confirm/" in mail.outbox[0].body
        or token_of(alert) in mail.outbox[0].body
    )

    confirm = client.post(f"/fr/financement/alertes/confirmer/{token_of(alert)}/")
    alert.refresh_from_db()
    assert confirm.status_code == 200
    assert alert.is_active is True


def test_subscribe_signed_in_own_address_is_confirmed_at_once(client: Client) -> None:
    user = UserFactory(email="me@example.org")
    client.force_login(user)

    client.post(
        "/en/funding/alerts/subscribe/",
        {"email": "me@example.org", "frequency": "daily", "language": "fr", "query": ""},
    )

    alert = AlertSubscription.objects.get(email="me@example.org")
    assert alert.is_active is True
    assert mail.outbox == []


def test_subscribe_bad_email_shows_field_error(client: Client) -> None:
    response = client.post(
        "/en/funding/alerts/subscribe/",
        {"email": "not-an-address", "frequency": "daily", "language": "fr"},
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert AlertSubscription.objects.count() == 0


def test_unsubscribe_one_click_post_without_csrf() -> None:
    alert = make_alert()
    client = Client(enforce_csrf_checks=True)

    page = client.get(f"/en/funding/alerts/unsubscribe/{token_of(alert)}/")
    response = client.post(f"/en/funding/alerts/unsubscribe/{token_of(alert)}/")

    alert.refresh_from_db()
    assert (page.status_code, response.status_code) == (200, 200)
    assert alert.unsubscribed_at is not None


def test_unsubscribe_unknown_token_is_404(client: Client) -> None:
    assert client.post("/en/funding/alerts/unsubscribe/nope/").status_code == 404


def test_feed_lists_programs_of_the_search(client: Client) -> None:
    make_program("a", name_en="Saguenay aid", regions=["02"])
    make_program("b", name_en="Gaspé aid", regions=["11"])

    response = client.get("/en/funding/alerts/feed/", {"region": "02"})

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Saguenay aid" in body and "Gaspé aid" not in body


def test_calendar_lists_deadlines_of_the_search(client: Client) -> None:
    soon = timezone.localdate() + dt.timedelta(days=20)
    make_program(
        "a",
        name_en="Call, with; comma",
        intake_windows=[{"opens": "2026-01-01", "closes": soon.isoformat()}],
    )

    response = client.get("/en/funding/alerts/deadlines.ics")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:a-closes-{soon:%Y%m%d}@" in body
    assert f"DTSTART;VALUE=DATE:{soon:%Y%m%d}" in body
    assert "SUMMARY:Deadline: Call\\, with\\; comma" in body
    assert body.count("BEGIN:VEVENT") == 2
    assert all(line.endswith("\r") or line == "" for line in body.split("\n"))


def test_alert_change_saved_during_previous_run_is_not_lost() -> None:
    """A change stamped just before the previous delivery time (it was committed while
    that run was sending) still goes out, once."""
    from aluhub.funding.models import ProgramChange

    make_program("a")
    alert = make_alert(query="")
    _past(alert)
    _change_amount("a", 1000)
    late = ProgramChange.objects.latest("pk")
    sent_at = timezone.now()
    AlertSubscription.objects.filter(pk=alert.pk).update(last_sent_at=sent_at)
    ProgramChange.objects.filter(pk=late.pk).update(changed_at=sent_at - dt.timedelta(seconds=2))

    first = services.alerts_send(now=sent_at + dt.timedelta(minutes=5))
    second = services.alerts_send(now=sent_at + dt.timedelta(minutes=10))

    assert (first.emails, second.emails) == (1, 0)


def test_alert_email_links_to_its_settings_page(client: Client) -> None:
    """The e-mail offered only « unsubscribe »: it links to the alert's settings page too
    (frequency, language), as the job alert e-mail does."""
    make_program("export-aid", name_fr="Aide à l'export", regions=["02"])
    alert = make_alert(email="fr@example.org", query="region=02", language="fr")
    _past(alert)
    _change_amount("export-aid", 50000)

    services.alerts_send(frequency="immediate")

    body = mail.outbox[0].body
    found = re.search(r"^Modifier ce que vous recevez\u00a0: (\S+)$", body, re.M)
    assert found
    page = client.get(found.group(1).removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    assert 'name="frequency"' in page.content.decode()
