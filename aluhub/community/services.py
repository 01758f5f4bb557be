"""Writes for news: publishing bulletins, subscriptions (double opt-in) and digests."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aluhub.accounts.models import User
from aluhub.common import subscriptions
from aluhub.common.slugs import unique_slug

from .channels import NEWS_CHANNEL
from .models import Bulletin, Category, Subscription

VALID_CATEGORIES = {c.value for c in Category}


def _page_words() -> set[str]:
    """The path words of the news pages that sit where a bulletin's slug goes
    (``/actualites/<slug>/``) in any language: « rss », « abonnement », « nouveau »… A
    bulletin given one as its slug would be hidden by that page."""
    words: set[str] = set()
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            index = reverse("community:index")
            for page in ("feed", "subscribe", "bulletin_new"):
                words.add(reverse(f"community:{page}").removeprefix(index).strip("/"))
    return words


def bulletin_create(
    *,
    author: User | None,
    title_fr: str,
    title_en: str,
    body_fr: str,
    body_en: str,
    category: str,
    program_slugs: list[str] | None = None,
    source_url: str = "",
    publish: bool = False,
    is_demo: bool = False,
) -> Bulletin:
    if category not in VALID_CATEGORIES:
        raise ValidationError({"category": _("Choose a category.")})
    with transaction.atomic():
        bulletin = Bulletin(
            slug=unique_slug(
                Bulletin, title_fr or title_en, fallback="bulletin", taken=_page_words()
            ),
            title_fr=title_fr,
            title_en=title_en,
            body_fr=body_fr,
            body_en=body_en,
            category=category,
            program_slugs=list(program_slugs or []),
            source_url=source_url,
            author=author,
            is_demo=is_demo,
            published_at=timezone.now() if publish else None,
        )
        bulletin.full_clean()
        bulletin.save()
    return bulletin


def bulletin_publish(*, bulletin: Bulletin, when: dt.datetime | None = None) -> Bulletin:
    with transaction.atomic():
        bulletin.published_at = when or timezone.now()
        bulletin.save(update_fields=["published_at"])
    return bulletin


def subscription_request(
    *, email: str, categories: list[str], language: str, frequency: str, user: User | None = None
) -> subscriptions.SubscribeOutcome:
    """Subscribe ``email`` to news categories (double opt-in; the consent rules are the
    core's: a confirmed address changes only through its emailed settings link)."""
    categories = sorted(set(categories))
    if not categories or not set(categories) <= VALID_CATEGORIES:
        raise ValidationError({"categories": _("Choose at least one category.")})
    return subscriptions.subscribe(
        channel=subscriptions.get_channel(NEWS_CHANNEL),
        email=email,
        language=language,
        frequency=frequency,
        user=user,
        values={"categories": categories},
    )


def subscription_confirm(*, token: str) -> Subscription | None:
    sub: Subscription | None = subscriptions.confirm(
        channel=subscriptions.get_channel(NEWS_CHANNEL), token=token
    )
    return sub


def subscription_unsubscribe(*, token: str) -> Subscription | None:
    sub: Subscription | None = subscriptions.unsubscribe(
        channel=subscriptions.get_channel(NEWS_CHANNEL), token=token
    )
    return sub


def digest_send(*, frequency: str, now: dt.datetime | None = None) -> subscriptions.DeliveryReport:
    """Email each active news subscription of ``frequency`` that is due the published
    bulletins of its categories it has not received yet, in its language. Idempotent."""
    return subscriptions.deliver_due(channels=[NEWS_CHANNEL], frequency=frequency, now=now)
