from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from aluhub.community import services
from aluhub.community.models import Delivery, Subscription
from tests.factories import UserFactory
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db


def _bulletin(category: str = "funding", publish: bool = True, title: str = "Nouveau programme"):
    return services.bulletin_create(
        author=None,
        title_fr=title,
        title_en=f"EN {title}",
        body_fr="Texte français.",
        body_en="English text.",
        category=category,
        publish=publish,
    )


def _confirmed(email: str, categories: list[str], language: str, frequency: str = "immediate"):
    sub = services.subscription_request(
        email=email, categories=categories, language=language, frequency=frequency
    ).subscription
    services.subscription_confirm(token=token_of(sub))
    sub.refresh_from_db()
    return sub


def test_subscription_request_sends_confirmation_in_chosen_language(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.subscription_request(
            email="A@Example.org", categories=["funding"], language="en", frequency="weekly"
        ).subscription
    assert sub.email == "a@example.org"
    assert sub.is_active is False
    assert mail.outbox[0].subject == "Confirm your AluHub news subscription"
    assert f"/en/news/subscribe/confirm/{token_of(sub)}/" in mail.outbox[0].body


def test_subscription_of_verified_user_with_own_email_is_active_at_once() -> None:
    user = UserFactory(email="me@example.org")
    sub = services.subscription_request(
        email="me@example.org",
        categories=["recycling"],
        language="fr",
        frequency="weekly",
        user=user,
    ).subscription
    assert sub.is_active is True
    assert mail.outbox == []


def test_subscription_request_rejects_unknown_category() -> None:
    with pytest.raises(ValidationError):
        services.subscription_request(
            email="x@example.org", categories=["gossip"], language="fr", frequency="weekly"
        )
    assert Subscription.objects.count() == 0


def test_digest_reaches_only_subscribers_of_the_category_in_their_language() -> None:
    fr_funding = _confirmed("fr@example.org", ["funding"], "fr")
    en_funding = _confirmed("en@example.org", ["funding", "markets"], "en")
    _confirmed("recycling@example.org", ["recycling"], "fr")
    _bulletin(category="funding", title="Nouveau programme ESSOR")
    report = services.digest_send(frequency="immediate")
    assert report.emails == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {fr_funding.email, en_funding.email}
    assert by_recipient["fr@example.org"].subject == "Nouveau programme ESSOR"
    assert by_recipient["en@example.org"].subject == "EN Nouveau programme ESSOR"
    assert "Texte français." in by_recipient["fr@example.org"].body
    assert "English text." in by_recipient["en@example.org"].body
    assert f"/en/news/unsubscribe/{token_of(en_funding)}/" in by_recipient["en@example.org"].body
    assert "List-Unsubscribe" in by_recipient["en@example.org"].extra_headers


def test_digest_never_sends_the_same_bulletin_twice() -> None:
    _confirmed("fr@example.org", ["funding"], "fr")
    _bulletin()
    services.digest_send(frequency="immediate")
    second = services.digest_send(frequency="immediate")
    assert (second.emails, len(mail.outbox), Delivery.objects.count()) == (0, 1, 1)


def test_digest_skips_unconfirmed_unsubscribed_and_drafts() -> None:
    services.subscription_request(
        email="pending@example.org", categories=["funding"], language="fr", frequency="immediate"
    )
    gone = _confirmed("gone@example.org", ["funding"], "fr")
    services.subscription_unsubscribe(token=token_of(gone))
    _confirmed("ok@example.org", ["funding"], "fr")
    _bulletin(publish=False)
    assert services.digest_send(frequency="immediate").emails == 0
    assert mail.outbox == []


def test_weekly_digest_waits_a_week_between_emails() -> None:
    sub = _confirmed("w@example.org", ["funding"], "fr", frequency="weekly")
    _bulletin(title="Un")
    now = timezone.now()
    assert services.digest_send(frequency="weekly", now=now).emails == 1
    _bulletin(title="Deux")
    assert services.digest_send(frequency="weekly", now=now + dt.timedelta(days=2)).emails == 0
    assert services.digest_send(frequency="weekly", now=now + dt.timedelta(days=7)).emails == 1
    sub.refresh_from_db()
    assert sub.deliveries.count() == 2


def test_a_bulletins_address_comes_from_its_french_title() -> None:
    """French first: /fr/actualites/<slug>/ read in English when both titles were given."""
    bulletin = services.bulletin_create(
        author=UserFactory(role="staff"),
        title_fr="Un nouveau programme d’exportation au Saguenay",
        title_en="A new export program in Saguenay",
        body_fr="Texte.",
        body_en="Text.",
        category="funding",
    )
    assert bulletin.slug == "un-nouveau-programme-dexportation-au-saguenay"
    english_only = services.bulletin_create(
        author=UserFactory(role="staff"),
        title_fr="",
        title_en="English only",
        body_fr="",
        body_en="Text.",
        category="funding",
    )
    assert english_only.slug == "english-only"


def test_digest_links_to_the_subscriptions_settings_page(client: Client) -> None:
    """The digest offered only « unsubscribe »: it links to the settings page too
    (frequency, language), as the job alert e-mail does."""
    _confirmed("fr@example.org", ["funding"], "fr")
    _confirmed("en@example.org", ["funding"], "en")
    _bulletin()
    services.digest_send(frequency="immediate")
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    fr = re.search(
        r"^Modifier ce que vous recevez\u00a0: (\S+)$", by_recipient["fr@example.org"], re.M
    )
    en = re.search(r"^Change what you receive: (\S+)$", by_recipient["en@example.org"], re.M)
    assert fr and en
    for found in (fr, en):
        page = client.get(found.group(1).removeprefix(settings.SITE_URL))
        assert page.status_code == 200
        assert 'name="frequency"' in page.content.decode()


def test_a_bulletin_named_like_a_news_page_stays_reachable(client: Client) -> None:
    """A bulletin titled « Nouveau » got the slug « nouveau »: /fr/actualites/nouveau/ is the
    staff's writing page, so readers (and the digest's link) were sent to the login page."""
    titles = ["Nouveau", "RSS", "Abonnement", "New", "Subscribe"]
    bulletins = [_bulletin(title=title) for title in titles]
    assert [b.slug for b in bulletins] == [
        "nouveau-2",
        "rss-2",
        "abonnement-2",
        "new-2",
        "subscribe-2",
    ]
    for bulletin in bulletins:
        for path in (f"/fr/actualites/{bulletin.slug}/", f"/en/news/{bulletin.slug}/"):
            response = client.get(path)
            assert (path, response.status_code, response.context["bulletin"]) == (
                path,
                200,
                bulletin,
            )
