"""The subscriptions core (aluhub/common/subscriptions.py) through its two channels, news
and funding alerts, with CSRF checks enforced as in production: consent (double opt-in,
re-subscription, settings only through the emailed link), confirmation by POST only,
RFC 8058 one-click unsubscribe from a mail client, and delivery by frequency."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import translate_url
from django.utils import timezone

from aluhub.common import subscriptions
from aluhub.community import services as news
from aluhub.community.models import Bulletin, Delivery, Subscription
from aluhub.funding.alerts.models import AlertSubscription
from tests.factories import UserFactory
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/en/news/subscribe/"
ALERT_SUBSCRIBE = "/en/funding/alerts/subscribe/"


def _csrf_post(client: Client, page: str, data: dict[str, Any], to: str | None = None) -> Any:
    """Open ``page`` like a browser, then post its form (with the token it carries)."""
    html = client.get(page).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None, f"no form on {page}"
    return client.post(to or page, {**data, "csrfmiddlewaretoken": token.group(1)})


def _link(body: str, part: str) -> str:
    found = re.search(rf"https?://[^/\s]+(/\S*{part}\S*/)", body)
    assert found is not None, body
    return found.group(1)


def _news(client: Client, email: str, **data: Any) -> Any:
    fields = {"email": email, "categories": ["funding"], "language": "en", "frequency": "weekly"}
    fields.update(data)
    return _csrf_post(client, SUBSCRIBE, fields)


def _confirmed_news(email: str, **fields: Any) -> Subscription:
    values: dict[str, Any] = {"categories": ["funding"], "language": "en", "frequency": "weekly"}
    values.update(fields)
    return Subscription.objects.create(email=email, confirmed_at=timezone.now(), **values)


def test_confirmation_link_get_shows_a_button_and_only_post_confirms(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        _news(client, "new@example.org")
    sub = Subscription.objects.get(email="new@example.org")
    link = _link(mail.outbox[0].body, "confirm")

    scanner = Client(enforce_csrf_checks=True).get(link)  # a mail scanner follows the link
    sub.refresh_from_db()
    assert scanner.status_code == 200
    assert "Confirm the subscription" in scanner.content.decode()
    assert sub.confirmed_at is None

    forged = Client(enforce_csrf_checks=True).post(link)  # no token: refused
    assert forged.status_code == 403

    response = _csrf_post(client, link, {})
    sub.refresh_from_db()
    assert response.status_code == 200
    assert sub.is_active is True


def test_resubscribing_an_unsubscribed_address_needs_a_new_confirmation(
    django_capture_on_commit_callbacks: Any,
) -> None:
    sub = _confirmed_news("back@example.org")
    news.subscription_unsubscribe(token=token_of(sub))
    client = Client(enforce_csrf_checks=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = _news(client, "back@example.org", frequency="daily")

    sub.refresh_from_db()
    assert response.status_code == 200
    assert (sub.is_active, sub.unsubscribed_at, sub.confirmed_at) == (False, None, None)
    assert [m.to for m in mail.outbox] == [["back@example.org"]]
    assert "/en/news/subscribe/confirm/" in mail.outbox[0].body
    assert subscriptions.deliver_due(channels=["news"]).subscriptions == 0


def test_anonymous_post_cannot_change_a_confirmed_subscription(
    django_capture_on_commit_callbacks: Any,
) -> None:
    sub = _confirmed_news("owner@example.org", language="fr", frequency="weekly")
    client = Client(enforce_csrf_checks=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = _news(
            client,
            "owner@example.org",
            categories=["recycling"],
            language="en",
            frequency="immediate",
        )

    sub.refresh_from_db()
    assert response.status_code == 200
    assert (sub.categories, sub.language, sub.frequency) == (["funding"], "fr", "weekly")
    # The mailbox gets the settings link (in the subscription's language), not a change.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Votre abonnement")
    settings_link = _link(mail.outbox[0].body, "reglages")

    owner = Client(enforce_csrf_checks=True)
    page = owner.get(settings_link)
    assert page.status_code == 200
    saved = _csrf_post(owner, settings_link, {"frequency": "daily", "language": "en"})
    sub.refresh_from_db()
    assert saved.status_code == 200
    assert (sub.language, sub.frequency, sub.is_active) == ("en", "daily", True)


def _main_text(response: Any, email: str) -> tuple[int, str]:
    main = re.search(r"<main.*</main>", response.content.decode(), re.S)
    assert main is not None
    return response.status_code, main.group(0).replace(email, "ADDRESS")


@pytest.mark.parametrize("page", [SUBSCRIBE, "/fr/actualites/abonnement/"])
def test_the_subscribe_page_reads_the_same_for_a_subscribed_address_and_a_new_one(
    page: str, django_capture_on_commit_callbacks: Any
) -> None:
    """An anonymous visitor could type anybody's address and read whether it subscribes
    (to job alerts: whether a colleague is looking for a job)."""
    _confirmed_news("owner@example.org")
    answers = []
    for email in ("owner@example.org", "new@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = _csrf_post(
                Client(enforce_csrf_checks=True),
                page,
                {
                    "email": email,
                    "categories": ["funding"],
                    "language": "en",
                    "frequency": "weekly",
                },
            )
        answers.append(_main_text(response, email))
    assert answers[0] == answers[1]
    assert answers[0][0] == 200
    # What each mailbox got differs: the settings link, a confirmation link.
    assert [m.to for m in mail.outbox] == [["owner@example.org"], ["new@example.org"]]
    assert _link(mail.outbox[0].body, "settings") != _link(mail.outbox[1].body, "confirm")


def test_settings_page_refuses_a_post_without_csrf_token() -> None:
    sub = _confirmed_news("csrf@example.org", frequency="weekly")

    response = Client(enforce_csrf_checks=True).post(
        f"/en/news/subscribe/settings/{token_of(sub)}/",
        {"frequency": "immediate", "language": "en"},
    )

    sub.refresh_from_db()
    assert response.status_code == 403
    assert sub.frequency == "weekly"


def test_signed_in_owner_changes_their_own_subscription_directly() -> None:
    user = UserFactory(email="me@example.org")
    sub = _confirmed_news("me@example.org", frequency="weekly", language="fr")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    _news(client, "me@example.org", frequency="daily", language="en")

    sub.refresh_from_db()
    assert (sub.frequency, sub.language) == ("daily", "en")
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["news", "alert"])
def test_one_click_unsubscribe_from_a_mail_client(kind: str) -> None:
    """RFC 8058: the mail client POSTs ``List-Unsubscribe=One-Click`` to the header's URL,
    without our cookies or a CSRF token."""
    from aluhub.community.services import bulletin_create
    from aluhub.funding import services as funding_services
    from aluhub.funding.models import ProgramChange
    from tests.funding.factories import make_program

    if kind == "news":
        sub: Any = _confirmed_news("click@example.org")
        bulletin_create(
            author=None,
            title_fr="Nouvelle",
            title_en="News",
            body_fr="x",
            body_en="x",
            category="funding",
            publish=True,
        )
        channel = "news"
    else:
        program = make_program("watched")
        sub = AlertSubscription.objects.create(
            email="click@example.org", query="", frequency="immediate", language="en"
        )
        earlier = timezone.now() - dt.timedelta(hours=1)
        ProgramChange.objects.update(changed_at=earlier - dt.timedelta(minutes=1))
        AlertSubscription.objects.filter(pk=sub.pk).update(confirmed_at=earlier, created_at=earlier)
        program.max_amount_cad = Decimal(2000)
        funding_services.program_save(program=program, origin="test")
        channel = "funding_alerts"

    assert subscriptions.deliver_due(channels=[channel]).emails == 1
    message = mail.outbox[-1]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.sub(r"^<https?://[^/]+|>$", "", header)

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    sub.refresh_from_db()
    assert response.status_code == 200
    assert sub.unsubscribed_at is not None


def test_alert_resubscription_after_unsubscribe_needs_confirmation(
    django_capture_on_commit_callbacks: Any,
) -> None:
    alert = AlertSubscription.objects.create(
        email="a@example.org", query="region=02", confirmed_at=timezone.now()
    )
    Client(enforce_csrf_checks=True).post(f"/en/funding/alerts/unsubscribe/{token_of(alert)}/")
    client = Client(enforce_csrf_checks=True)

    with django_capture_on_commit_callbacks(execute=True):
        _csrf_post(
            client,
            ALERT_SUBSCRIBE + "?region=02",
            {
                "email": "a@example.org",
                "frequency": "daily",
                "language": "en",
                "query": "region=02",
            },
            to=ALERT_SUBSCRIBE,
        )

    alert.refresh_from_db()
    assert (alert.is_active, alert.frequency) == (False, "daily")
    assert "/en/funding/alerts/confirm/" in mail.outbox[0].body


def test_anonymous_post_cannot_change_a_confirmed_alert(
    django_capture_on_commit_callbacks: Any,
) -> None:
    alert = AlertSubscription.objects.create(
        email="a@example.org", query="region=02", frequency="weekly", confirmed_at=timezone.now()
    )
    client = Client(enforce_csrf_checks=True)

    with django_capture_on_commit_callbacks(execute=True):
        _csrf_post(
            client,
            ALERT_SUBSCRIBE + "?region=02",
            {
                "email": "a@example.org",
                "frequency": "immediate",
                "language": "en",
                "query": "region=02",
            },
            to=ALERT_SUBSCRIBE,
        )

    alert.refresh_from_db()
    assert (alert.frequency, alert.is_active) == ("weekly", True)
    assert f"/fr/financement/alertes/reglages/{token_of(alert)}/" in mail.outbox[0].body


def test_daily_news_waits_for_its_interval() -> None:
    from aluhub.community.services import bulletin_create

    _confirmed_news("daily@example.org", frequency="daily")

    def publish(title: str) -> None:
        bulletin_create(
            author=None,
            title_fr=title,
            title_en=title,
            body_fr="x",
            body_en="x",
            category="funding",
            publish=True,
        )

    publish("One")
    now = timezone.now() + dt.timedelta(minutes=1)
    assert news.digest_send(frequency="daily", now=now).emails == 1
    publish("Two")
    assert news.digest_send(frequency="daily", now=now + dt.timedelta(hours=2)).emails == 0
    assert news.digest_send(frequency="daily", now=now + dt.timedelta(days=1)).emails == 1
    assert news.digest_send(frequency="weekly", now=now + dt.timedelta(days=9)).emails == 0


def test_unknown_channel_is_refused() -> None:
    with pytest.raises(LookupError):
        subscriptions.deliver_due(channels=["nope"])


class _EveryBulletin(subscriptions.Channel):
    """A channel declared only by its query and its order: the core does the rest."""

    key = "test-every-bulletin"
    model = Subscription
    delivery_log = (Delivery, "subscription", "bulletin")
    item_order = ("-published_at", "pk")

    def watched(self, subscription: Any, *, now: dt.datetime) -> Any:
        return Bulletin.objects.filter(published_at__lte=now)


def test_a_channel_s_new_items_are_what_it_watches_not_yet_delivered_in_its_order() -> None:
    now = timezone.now()
    sub = _confirmed_news("reader@example.com")
    old, sent, recent = (
        Bulletin.objects.create(
            slug=f"b-{days}",
            title="t",
            body="b",
            category="funding",
            published_at=now - dt.timedelta(days=days),
        )
        for days in (3, 2, 1)
    )
    Bulletin.objects.create(
        slug="future",
        title="t",
        body="b",
        category="funding",
        published_at=now + dt.timedelta(days=1),
    )
    channel = _EveryBulletin()
    assert channel.new_items(sub, since=now, now=now) == [recent, sent, old]
    assert channel.record(sub, [sent]) == [sent]
    assert channel.record(sub, [sent]) == []  # the log holds one row per item
    assert channel.new_items(sub, since=now, now=now) == [recent, old]


def test_every_subscription_is_named_by_its_address() -> None:
    from aluhub.collab.models import EventAlert
    from aluhub.workforce.models import JobAlert

    for model in (Subscription, EventAlert, JobAlert):
        assert str(model(email="lecteur@example.com")) == "lecteur@example.com"


def test_an_old_confirmation_link_opened_after_unsubscribing_says_the_subscription_stopped(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        _news(client, "gone@example.org")
    link = _link(mail.outbox[0].body, "confirm")
    sub = Subscription.objects.get(email="gone@example.org")
    news.subscription_unsubscribe(token=token_of(sub))

    page = client.get(link).content.decode()
    assert "Subscription stopped" in page and "Confirm the subscription" not in page
    assert "gone@example.org unsubscribed from" in page
    french = client.get(translate_url(link, "fr")).content.decode()
    assert "Abonnement arrêté" in french and "s’est désabonnée de" in french

    # The confirmation form kept open in a tab from before: its POST confirms nothing.
    response = _csrf_post(client, SUBSCRIBE, {}, to=link)
    sub.refresh_from_db()
    assert response.status_code == 200 and "Subscription stopped" in response.content.decode()
    assert (sub.is_active, sub.confirmed_at) == (False, None)
