from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.collab import services
from aluhub.collab.models import Event, RegistrationStatus
from tests.collab.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(name: str, lang: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def _staff() -> object:
    return UserFactory(role="staff")


def _form(**overrides: str) -> dict[str, str]:
    start = timezone.localtime() + timedelta(days=20)
    data = {
        "title_fr": "Journée de l'aluminium",
        "title_en": "Aluminium day",
        "kind": "conference",
        "organizer": "cluster",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
        "city": "Saguenay",
        "region": "02",
        "audience": "everyone",
        "price_member_cad": "0",
        "price_non_member_cad": "",
        "capacity": "2",
        "registration_open": "on",
        "published": "on",
    }
    data.update(overrides)
    return data


def test_staff_publishes_an_event_from_the_site_in_french(client: Client) -> None:
    client.force_login(_staff())
    response = client.post(_url("collab:event_new", "fr"), _form())
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.slug, event.title_en, event.capacity, event.price_member_cad) == (
        "journee-de-laluminium",
        "Aluminium day",
        2,
        0,
    )
    assert event.price_non_member_cad is None
    page = client.get(_url("collab:event_detail", "en", event.slug)).content.decode()
    assert "Aluminium day" in page and "unknown" in page


def test_event_form_shows_field_errors_in_both_languages(client: Client) -> None:
    client.force_login(_staff())
    bad = _form(ends_at="2020-01-01T10:00", city="", region="", capacity="0")
    fr = client.post(_url("collab:event_new", "fr"), bad)
    assert fr.status_code == 400
    text = fr.content.decode()
    assert "Un événement ne peut pas se terminer avant de commencer." in text
    assert "Indiquez un lieu, une ville ou un lien en ligne." in text
    en = client.post(_url("collab:event_new", "en"), bad).content.decode()
    assert "An event cannot end before it starts." in en
    assert "Ensure this value is greater than or equal to 1." in en
    assert Event.objects.count() == 0


def test_event_form_refuses_a_slug_already_taken(client: Client) -> None:
    EventFactory(slug="journee-de-laluminium")
    client.force_login(_staff())
    response = client.post(_url("collab:event_new", "en"), _form())
    assert response.status_code == 400
    assert "Event with this Slug already exists." in response.content.decode()


def test_growing_capacity_promotes_the_waiting_list_and_emails_them(client: Client) -> None:
    event = EventFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    for user in (first, second, third):
        services.event_register(event=event, user=user)
    mail.outbox.clear()
    staff = _staff()
    client.force_login(staff)
    initial = {
        "title_fr": event.title_fr,
        "title_en": event.title_en,
        "kind": event.kind,
        "organizer": event.organizer,
        "audience": event.audience,
        "city": event.city,
        "region": event.region,
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "2",
        "registration_open": "on",
        "published": "on",
    }
    response = client.post(_url("collab:event_edit", "en", event.slug), initial)
    assert response.status_code == 302
    statuses = {r.user_id: r.status for r in event.registrations.all()}
    assert statuses == {
        first.pk: RegistrationStatus.CONFIRMED,
        second.pk: RegistrationStatus.CONFIRMED,
        third.pk: RegistrationStatus.WAITING,
    }
    assert [m.to for m in mail.outbox] == [[second.email]]
    event.refresh_from_db()
    assert event.capacity == 2


def test_event_form_is_for_staff_only(client: Client) -> None:
    event = EventFactory()
    client.force_login(UserFactory())
    assert client.get(_url("collab:event_new", "fr")).status_code == 403
    assert client.post(_url("collab:event_edit", "fr", event.slug), _form()).status_code == 403
