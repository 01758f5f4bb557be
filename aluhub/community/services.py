"""Writes for news: publishing bulletins, subscriptions (double opt-in) and digests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aluhub.accounts.models import User
from aluhub.common.mail import send_email

from .models import Bulletin, Category, Delivery, Frequency, Subscription

VALID_CATEGORIES = {c.value for c in Category}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "bulletin"
    slug, n = base, 2
    while Bulletin.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
            slug=_unique_slug(title_en or title_fr),
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


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def subscription_request(
    *, email: str, categories: list[str], language: str, frequency: str, user: User | None = None
) -> Subscription:
    """Create or update a subscription and send the confirmation email (double opt-in).

    A signed-in user subscribing with their own verified address is confirmed at once.
    """
    email = email.strip().lower()
    categories = sorted(set(categories))
    if not categories or not set(categories) <= VALID_CATEGORIES:
        raise ValidationError({"categories": _("Choose at least one category.")})
    if language not in {"fr", "en"}:
        raise ValidationError({"language": _("Choose French or English.")})
    if frequency not in {f.value for f in Frequency}:
        raise ValidationError({"frequency": _("Choose a frequency.")})
    trusted = user is not None and user.email_verified and user.email.lower() == email
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().filter(email=email).first()
        if sub is None:
            sub = Subscription(email=email)
        sub.categories, sub.language, sub.frequency = categories, language, frequency
        sub.user = user if trusted else sub.user
        sub.unsubscribed_at = None
        if trusted and sub.confirmed_at is None:
            sub.confirmed_at = timezone.now()
        try:
            sub.save()
        except IntegrityError as exc:  # a concurrent request created it
            raise ValidationError({"email": _("Please try again.")}) from exc
        if sub.confirmed_at is None:
            transaction.on_commit(lambda: subscription_send_confirmation(subscription=sub))
    return sub


def subscription_send_confirmation(*, subscription: Subscription) -> None:
    with translation.override(subscription.language):
        link = _absolute(reverse("community:confirm", args=[subscription.token]))
        body = render_to_string("community/email/confirm.txt", {"link": link})
        send_email(
            to=[subscription.email], subject=_("Confirm your AluHub news subscription"), body=body
        )


def subscription_confirm(*, token: str) -> Subscription | None:
    with transaction.atomic():
        sub = Subscription.objects.filter(token=token).first()
        if sub is not None and sub.confirmed_at is None:
            sub.confirmed_at = timezone.now()
            sub.save(update_fields=["confirmed_at"])
    return sub


def subscription_unsubscribe(*, token: str) -> Subscription | None:
    with transaction.atomic():
        sub = Subscription.objects.filter(token=token).first()
        if sub is not None and sub.unsubscribed_at is None:
            sub.unsubscribed_at = timezone.now()
            sub.save(update_fields=["unsubscribed_at"])
    return sub


@dataclass(frozen=True)
class DigestReport:
    subscriptions: int
    emails: int
    bulletins: int


def _due(sub: Subscription, frequency: str, now: dt.datetime) -> bool:
    if frequency == Frequency.WEEKLY and sub.last_sent_at is not None:
        return now - sub.last_sent_at >= dt.timedelta(days=6, hours=12)
    return True


def digest_send(*, frequency: str, now: dt.datetime | None = None) -> DigestReport:
    """Email each active subscription of ``frequency`` the published bulletins of its
    categories it has not received yet, in its language. Idempotent: the Delivery rows
    (one per subscription and bulletin, unique) make a second run send nothing new."""
    now = now or timezone.now()
    published = list(
        Bulletin.objects.filter(published_at__isnull=False, published_at__lte=now).order_by(
            "published_at"
        )
    )
    subs = Subscription.objects.filter(
        frequency=frequency, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    emails = sent_items = 0
    count = 0
    for sub in subs:
        count += 1
        if not _due(sub, frequency, now):
            continue
        already = set(sub.deliveries.values_list("bulletin_id", flat=True))
        items = [
            b
            for b in published
            if b.category in sub.categories
            and b.pk not in already
            and b.published_at is not None
            and b.published_at >= sub.created_at - dt.timedelta(days=30)
        ]
        if not items:
            continue
        with transaction.atomic():
            created = []
            for bulletin in items:
                _obj, was_created = Delivery.objects.get_or_create(
                    subscription=sub, bulletin=bulletin
                )
                if was_created:
                    created.append(bulletin)
            if not created:
                continue
            sub.last_sent_at = now
            sub.save(update_fields=["last_sent_at"])
            with translation.override(sub.language):
                unsubscribe = _absolute(reverse("community:unsubscribe", args=[sub.token]))
                context = {
                    "bulletins": created,
                    "unsubscribe": unsubscribe,
                    "site": settings.SITE_URL,
                }
                body = render_to_string("community/email/digest.txt", context)
                subject = (
                    created[0].title
                    if len(created) == 1
                    else _("AluHub news: %(count)d new bulletins") % {"count": len(created)}
                )
                send_email(
                    to=[sub.email],
                    subject=subject,
                    body=body,
                    headers={"List-Unsubscribe": f"<{unsubscribe}>"},
                )
        emails += 1
        sent_items += len(created)
    return DigestReport(subscriptions=count, emails=emails, bulletins=sent_items)
