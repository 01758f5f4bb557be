"""The secrets of the subscriptions' links (news, funding, job and event alerts) and of the
private calendar feeds are not stored (aluhub/common/secret_links.py, decision 0011): a link
carries a value signed with SECRET_KEY; what the database holds opens nothing; links sent
before the change (a clear token, of which only the hash was kept) still work."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from aluhub.accounts.models import Role
from aluhub.collab.models import CalendarFeed, EventAlert
from aluhub.common import subscriptions
from aluhub.common.secret_links import hash_token
from aluhub.community.models import Subscription as NewsSubscription
from aluhub.funding.alerts.models import AlertSubscription
from aluhub.workforce.models import JobAlert
from tests.factories import UserFactory
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db

CHANNEL_ROWS: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "news": (NewsSubscription, {"categories": ["funding"]}),
    "funding_alerts": (AlertSubscription, {"query": "region=02"}),
    "jobs": (JobAlert, {"kind": "internship"}),
    "events": (EventAlert, {}),
}


def _subscription(key: str, **fields: Any) -> Any:
    model, values = CHANNEL_ROWS[key]
    values = {"email": f"{key}@example.org", "confirmed_at": timezone.now(), **values}
    return model.objects.create(**{**values, **fields})


def _page(key: str, which: str, token: str) -> str:
    return reverse(subscriptions.get_channel(key).url_names[which], args=[token])  # type: ignore[index]


def _feed_url(token: str) -> str:
    return reverse("collab:calendar_feed_ics", args=[token])


def _stored_texts(row: Any) -> list[str]:
    """Every value the row's table holds, as text."""
    values = type(row).objects.filter(pk=row.pk).values().get()
    return [str(v) for v in values.values() if v not in (None, "")]


@pytest.mark.one_database  # a lookup by id and by hash: alike on both engines
def test_no_value_the_database_holds_opens_a_subscription_or_a_feed() -> None:
    client = Client()
    for key in CHANNEL_ROWS:
        sub = _subscription(key)
        assert client.get(_page(key, "manage", token_of(sub))).status_code == 200
        for value in _stored_texts(sub):  # the three pages read a link alike: one of them
            assert client.get(_page(key, "manage", value)).status_code == 404, (key, value)
    feed = CalendarFeed.objects.create(user=UserFactory())
    assert client.get(_feed_url(token_of(feed))).status_code == 200
    for value in _stored_texts(feed):
        assert client.get(_feed_url(value)).status_code == 404, value


def test_a_tampered_value_or_one_of_another_channel_opens_nothing() -> None:
    client = Client()
    news = _subscription("news")
    # Another channel's row with the same id and the same version: only the salt differs.
    alert = _subscription("funding_alerts", pk=news.pk, token_version=news.token_version)
    feed = CalendarFeed.objects.create(
        pk=news.pk, user=UserFactory(), token_version=news.token_version
    )
    news_token = token_of(news)
    assert client.get(_page("news", "manage", news_token)).status_code == 200
    assert client.get(_page("funding_alerts", "manage", news_token)).status_code == 404
    assert client.get(_feed_url(news_token)).status_code == 404
    assert client.get(_page("news", "manage", token_of(alert))).status_code == 404
    assert client.get(_page("news", "manage", token_of(feed))).status_code == 404

    pk, version, signature = news_token.split(".")
    other = _subscription("news", email="other@example.org")
    for forged in (
        f"{other.pk}.{version}.{signature}",  # another row under this signature
        f"{pk}.{version}x.{signature}",
        f"{pk}.{version}.{signature[:-1]}",
        f"{pk}.{version}",
    ):
        assert client.get(_page("news", "manage", forged)).status_code == 404, forged
        assert client.post(_page("news", "unsubscribe", forged)).status_code == 404, forged
    news.refresh_from_db()
    other.refresh_from_db()
    assert (news.unsubscribed_at, other.unsubscribed_at) == (None, None)


@pytest.mark.parametrize("key", sorted(CHANNEL_ROWS))
def test_a_link_sent_before_the_links_were_signed_still_works(key: str) -> None:
    """A row as the migration leaves it: the clear token of the links already sent is gone,
    its hash kept."""
    old = "k2mR0bV8Qm1xY3pNd2VvTWlUcFlqYVhs"  # a token as subscriptions.new_token made them
    sub = _subscription(key, legacy_token_hash=hash_token(old))
    assert _stored_texts(sub).count(old) == 0

    page = Client().get(_page(key, "manage", old))
    assert page.status_code == 200
    assert token_of(sub) in page.content.decode()  # its unsubscribe link, signed now
    response = Client(enforce_csrf_checks=True).post(
        _page(key, "unsubscribe", old),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    sub.refresh_from_db()
    assert response.status_code == 200
    assert sub.unsubscribed_at is not None


def test_a_calendar_address_given_before_the_links_were_signed_still_works() -> None:
    old = "k2mR0bV8Qm1xY3pNd2VvTWlUcFlqYVhs"
    feed = CalendarFeed.objects.create(user=UserFactory(), legacy_token_hash=hash_token(old))
    client = Client()
    assert client.get(_feed_url(old)).status_code == 200
    CalendarFeed.objects.filter(pk=feed.pk).update(revoked_at=timezone.now())
    assert client.get(_feed_url(old)).status_code == 404


def test_a_new_version_revokes_the_links_made_before() -> None:
    old = "k2mR0bV8Qm1xY3pNd2VvTWlUcFlqYVhs"
    sub = _subscription("jobs", legacy_token_hash=hash_token(old))
    before = token_of(sub)
    type(sub).objects.filter(pk=sub.pk).update(token_version="fresh", legacy_token_hash=None)
    sub.refresh_from_db()
    client = Client()
    assert client.get(_page("jobs", "manage", before)).status_code == 404
    assert client.get(_page("jobs", "manage", old)).status_code == 404
    assert client.get(_page("jobs", "manage", token_of(sub))).status_code == 200


def test_links_keep_working_when_the_key_is_rotated_with_the_old_one_as_fallback() -> None:
    sub = _subscription("news")
    feed = CalendarFeed.objects.create(user=UserFactory())
    with override_settings(SECRET_KEY="the-old-key-" * 5):
        link, address = _page("news", "manage", token_of(sub)), _feed_url(token_of(feed))
    client = Client()
    with override_settings(SECRET_KEY="the-new-key-" * 5, SECRET_KEY_FALLBACKS=[]):
        assert client.get(link).status_code == 404
        assert client.get(address).status_code == 404
    with override_settings(
        SECRET_KEY="the-new-key-" * 5, SECRET_KEY_FALLBACKS=["the-old-key-" * 5]
    ):
        assert client.get(link).status_code == 200
        assert client.get(address).status_code == 200


@pytest.mark.parametrize(
    ("key", "admin_name"),
    [
        ("news", "community_subscription"),
        ("funding_alerts", "funding_alertsubscription"),
        ("jobs", "workforce_jobalert"),
    ],
)
def test_the_admin_shows_no_secret_of_the_links(key: str, admin_name: str) -> None:
    sub = _subscription(key, legacy_token_hash=hash_token("an old token"))
    client = Client()
    client.force_login(UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True))
    html = client.get(reverse(f"admin:{admin_name}_change", args=[sub.pk])).content.decode()
    assert sub.email in html
    for secret in (sub.token_version, sub.legacy_token_hash, token_of(sub)):
        assert secret not in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_only_the_hash_of_the_tokens_already_sent() -> None:
    """community 0004 on rows made before it (the other three apps' migrations run the same
    operation, common.migration_ops.clear_tokens_hashed)."""
    before, signed = ("community", "0003_french_model_names"), ("community", "0004_links_signed")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old_model = executor.loader.project_state([before]).apps.get_model("community", "Subscription")
    old_model.objects.create(email="a@example.org", token="old-token-a", categories=["funding"])
    old_model.objects.create(email="b@example.org", token="old-token-b", categories=["funding"])

    executor = MigrationExecutor(connection)
    executor.migrate([signed])

    a, b = NewsSubscription.objects.order_by("email")
    assert (a.legacy_token_hash, b.legacy_token_hash) == (
        hash_token("old-token-a"),
        hash_token("old-token-b"),
    )
    assert a.token_version != b.token_version
    assert "old-token-a" not in _stored_texts(a)
    channel = subscriptions.get_channel("news")
    assert subscriptions.subscription_by_token(channel=channel, token="old-token-a") == a
    assert subscriptions.subscription_by_token(channel=channel, token=token_of(b)) == b
