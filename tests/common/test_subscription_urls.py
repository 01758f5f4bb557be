"""Each channel's three shared subscription pages, mounted by subscription_views.subscription_urls:
the names the channel reverses, the views, and the addresses already sent in e-mails."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from aluhub.common import subscription_views
from aluhub.common.subscriptions import CHANNELS, get_channel

# (channel, page, French path, English path) for a token "TOKEN": these addresses are in
# e-mails already sent, so they never change.
ADDRESSES = [
    (
        "news",
        "confirm",
        "/fr/actualites/abonnement/confirmer/TOKEN/",
        "/en/news/subscribe/confirm/TOKEN/",
    ),
    ("news", "unsubscribe", "/fr/actualites/desabonnement/TOKEN/", "/en/news/unsubscribe/TOKEN/"),
    (
        "news",
        "manage",
        "/fr/actualites/abonnement/reglages/TOKEN/",
        "/en/news/subscribe/settings/TOKEN/",
    ),
    (
        "events",
        "confirm",
        "/fr/communaute/evenements/alertes/confirmer/TOKEN/",
        "/en/community/events/alerts/confirm/TOKEN/",
    ),
    (
        "events",
        "unsubscribe",
        "/fr/communaute/evenements/alertes/desabonnement/TOKEN/",
        "/en/community/events/alerts/unsubscribe/TOKEN/",
    ),
    (
        "events",
        "manage",
        "/fr/communaute/evenements/alertes/reglages/TOKEN/",
        "/en/community/events/alerts/settings/TOKEN/",
    ),
    (
        "jobs",
        "confirm",
        "/fr/main-d-oeuvre/emplois/alertes/confirmer/TOKEN/",
        "/en/workforce/jobs/alerts/confirm/TOKEN/",
    ),
    (
        "jobs",
        "unsubscribe",
        "/fr/main-d-oeuvre/emplois/alertes/desabonnement/TOKEN/",
        "/en/workforce/jobs/alerts/unsubscribe/TOKEN/",
    ),
    (
        "jobs",
        "manage",
        "/fr/main-d-oeuvre/emplois/alertes/reglages/TOKEN/",
        "/en/workforce/jobs/alerts/settings/TOKEN/",
    ),
    (
        "funding_alerts",
        "confirm",
        "/fr/financement/alertes/confirmer/TOKEN/",
        "/en/funding/alerts/confirm/TOKEN/",
    ),
    (
        "funding_alerts",
        "unsubscribe",
        "/fr/financement/alertes/desabonnement/TOKEN/",
        "/en/funding/alerts/unsubscribe/TOKEN/",
    ),
    (
        "funding_alerts",
        "manage",
        "/fr/financement/alertes/reglages/TOKEN/",
        "/en/funding/alerts/settings/TOKEN/",
    ),
]

VIEWS = {
    "confirm": subscription_views.confirm_view,
    "unsubscribe": subscription_views.unsubscribe_view,
    "manage": subscription_views.manage_view,
}


@pytest.mark.parametrize(("channel", "page", "fr", "en"), ADDRESSES)
def test_channel_pages_keep_their_addresses_in_both_languages(
    channel: str, page: str, fr: str, en: str
) -> None:
    name = get_channel(channel).url_names[page]
    for lang, expected in (("fr", fr), ("en", en)):
        with translation.override(lang):
            assert reverse(name, args=["TOKEN"]) == expected


@pytest.mark.parametrize(("channel", "page", "fr", "en"), ADDRESSES)
def test_channel_pages_open_the_shared_view_for_their_channel(
    channel: str, page: str, fr: str, en: str
) -> None:
    for lang, address in (("fr", fr), ("en", en)):
        with translation.override(lang):
            match = resolve(address)
        assert match.func == VIEWS[page]
        assert match.kwargs == {"token": "TOKEN", "channel": channel}


def test_every_registered_channel_is_in_the_table() -> None:
    assert set(CHANNELS) == {channel for channel, *_rest in ADDRESSES}
