from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from aluhub.collab import services
from aluhub.collab.models import CalendarFeed, EventAlert
from aluhub.common import subscriptions
from tests.collab.factories import EventFactory, GroupMemberFactory, MeetingFactory
from tests.factories import UserFactory
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db


def _url(name: str, lang: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def _confirmed_alert(**fields: str) -> EventAlert:
    outcome = services.event_alert_request(
        email="abonne@example.org", language="en", frequency="immediate", **fields
    )
    alert: EventAlert = outcome.subscription
    alert.confirmed_at = timezone.now()
    alert.save()
    return alert


def test_event_alert_sends_matching_events_once_with_one_click_unsubscribe() -> None:
    _confirmed_alert(region="02", kind="visit")
    EventFactory(title_en="Plant visit in Saguenay", region="02", kind="visit")
    EventFactory(title_en="Webinar", region="02", kind="webinar")
    EventFactory(title_en="Visit elsewhere", region="06", kind="visit")
    EventFactory(
        title_en="Past visit",
        region="02",
        kind="visit",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=2),
    )
    mail.outbox.clear()
    report = subscriptions.deliver_due(channels=["events"])
    assert (report.emails, report.items) == (1, 1)
    message = mail.outbox[0]
    assert message.to == ["abonne@example.org"]
    assert message.subject == "New event: Plant visit in Saguenay"
    assert "Region: Saguenay" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscriptions.deliver_due(channels=["events"]).emails == 0


def test_event_alert_needs_confirmation_before_any_email(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    url = _url("collab:alert_subscribe", "fr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "email": "x@example.org",
                "region": "",
                "kind": "webinar",
                "audience": "",
                "language": "fr",
                "frequency": "daily",
            },
        )
    assert response.status_code == 200
    alert = EventAlert.objects.get()
    assert (alert.kind, alert.region, alert.confirmed_at) == ("webinar", "", None)
    assert len(mail.outbox) == 1
    assert token_of(alert) in mail.outbox[0].body
    EventFactory(kind="webinar")
    assert subscriptions.deliver_due(channels=["events"]).emails == 0


def test_event_alert_form_shows_field_errors_in_english(client: Client) -> None:
    response = client.post(
        _url("collab:alert_subscribe", "en"),
        {"email": "not-an-address", "kind": "party", "language": "en", "frequency": "daily"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Select a valid choice." in page


def test_private_calendar_feed_lists_my_events_and_meetings_until_revoked(
    client: Client,
) -> None:
    member = GroupMemberFactory()
    user = member.user
    event = EventFactory(title_fr="Colloque privé")
    services.event_register(event=event, user=user)
    EventFactory(title_fr="Pas inscrit")
    meeting = MeetingFactory(group=member.group, title="Réunion du groupe")
    services.meeting_register(meeting=meeting, user=user)
    client.force_login(user)
    page = _url("collab:calendar_feed", "fr")
    client.post(page, {"action": "renew"})
    feed = CalendarFeed.objects.get(user=user, revoked_at=None)
    ics_url = _url("collab:calendar_feed_ics", "fr", token_of(feed))
    assert token_of(feed) in client.get(page).content.decode()
    anonymous = Client()
    cal = Calendar.from_ical(anonymous.get(ics_url).content)
    summaries = sorted(str(c["summary"]) for c in cal.walk("VEVENT"))
    assert summaries == ["Colloque privé", f"{member.group.name} – Réunion du groupe"]
    client.post(page, {"action": "renew"})
    assert anonymous.get(ics_url).status_code == 404
    new = CalendarFeed.objects.get(user=user, revoked_at=None)
    assert anonymous.get(_url("collab:calendar_feed_ics", "en", token_of(new))).status_code == 200
    client.post(page, {"action": "revoke"})
    assert anonymous.get(_url("collab:calendar_feed_ics", "en", token_of(new))).status_code == 404
    assert CalendarFeed.objects.filter(revoked_at=None).count() == 0


def test_private_calendar_feed_drops_an_event_staff_withdrew(client: Client) -> None:
    user = UserFactory()
    kept, withdrawn = EventFactory(title_fr="Maintenu"), EventFactory(title_fr="Retiré")
    for event in (kept, withdrawn):
        services.event_register(event=event, user=user)
    services.event_update(event=withdrawn, by=UserFactory(role="staff"), published=False)
    client.force_login(user)
    client.post(_url("collab:calendar_feed", "fr"), {"action": "renew"})
    feed = CalendarFeed.objects.get(user=user, revoked_at=None)
    ics = Client().get(_url("collab:calendar_feed_ics", "fr", token_of(feed))).content
    assert [str(c["summary"]) for c in Calendar.from_ical(ics).walk("VEVENT")] == ["Maintenu"]


def test_private_calendar_feed_names_an_event_the_user_only_waits_for(client: Client) -> None:
    event = EventFactory(title_fr="Atelier", capacity=1)
    first, second = UserFactory(), UserFactory()
    held = services.event_register(event=event, user=first)
    services.event_register(event=event, user=second)
    client.force_login(second)
    client.post(_url("collab:calendar_feed", "fr"), {"action": "renew"})
    feed = CalendarFeed.objects.get(user=second, revoked_at=None)
    url = _url("collab:calendar_feed_ics", "fr", token_of(feed))

    def entries() -> list[tuple[str, str]]:
        cal = Calendar.from_ical(Client().get(url).content)
        return [(str(c["summary"]), str(c.get("status", ""))) for c in cal.walk("VEVENT")]

    assert entries() == [("Liste d\u2019attente\u00a0: Atelier", "TENTATIVE")]
    services.event_registration_cancel(registration=held, by=first)
    assert entries() == [("Atelier", "")]


def test_calendar_feed_page_needs_a_signed_in_user(client: Client) -> None:
    response = client.get(_url("collab:calendar_feed", "en"))
    assert response.status_code == 302
    client.force_login(UserFactory())
    page = client.get(_url("collab:calendar_feed", "en")).content.decode()
    assert "You have no private calendar address." in page


@pytest.mark.one_database
def test_an_alert_on_every_region_reads_toutes_in_french() -> None:
    alert = _confirmed_alert()
    channel = subscriptions.get_channel("events")
    with translation.override("fr"):
        assert channel.describe(alert) == [
            "Région\u00a0: toutes",
            "Type\u00a0: tous",
            "Public\u00a0: tous",
        ]
    with translation.override("en"):
        assert channel.describe(alert) == ["Region: any", "Type: any", "Audience: any"]


def test_event_alert_email_links_to_its_settings_page(client: Client) -> None:
    """The e-mail offered only « unsubscribe »: it links to the alert's settings page too
    (frequency, language), as the job alert e-mail does."""
    alert = _confirmed_alert(region="02")
    alert.language = "fr"
    alert.save()
    EventFactory(title_fr="Visite d'usine", region="02")
    mail.outbox.clear()
    subscriptions.deliver_due(channels=["events"])
    found = re.search(r"^Modifier ce que vous recevez\u00a0: (\S+)$", mail.outbox[0].body, re.M)
    assert found
    page = client.get(found.group(1).removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    assert 'name="frequency"' in page.content.decode()


@pytest.mark.one_database
def test_the_private_calendar_address_is_on_site_url_whatever_host_the_page_was_asked_for(
    client: Client, settings: Any
) -> None:
    settings.SITE_URL = "https://aluhub.example.org"
    user = UserFactory()
    feed = services.calendar_feed_renew(user=user)
    client.force_login(user)

    page = client.get(_url("collab:calendar_feed", "en"), HTTP_HOST="127.0.0.1").content.decode()

    address = "https://aluhub.example.org" + _url("collab:calendar_feed_ics", "en", token_of(feed))
    assert f'value="{address}"' in page
