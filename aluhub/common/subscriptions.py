"""E-mail subscriptions: one core for every channel (news, funding alerts, job alerts, event
alerts); the shared pages are in :mod:`aluhub.common.subscription_views`.

The core owns consent and delivery; a channel only says what it watches and what is new.

- **Subscribe** (:func:`subscribe`): double opt-in. A new subscription waits for its
  confirmation link, except for a signed-in user subscribing their own verified address.
  Re-subscribing an unsubscribed address needs a new confirmation. A confirmed
  subscription never changes through an anonymous form: the address is sent a link to
  its settings page instead (whoever holds the mailbox holds the link).
- **Rate limit** (:func:`rate_limited`, on every subscribe view): at most
  :data:`SUBSCRIBE_LIMIT_PER_EMAIL` requests per address and :data:`SUBSCRIBE_LIMIT_PER_IP`
  per client address in :data:`SUBSCRIBE_WINDOW`, counted in the shared cache, so nobody
  can flood a mailbox with confirmation e-mails; past it the page answers 429.
- **Confirm** by POST only: the link in the e-mail opens a page with a button, because mail
  scanners follow links.
- **Unsubscribe**: every e-mail carries ``List-Unsubscribe`` and ``List-Unsubscribe-Post:
  List-Unsubscribe=One-Click`` (RFC 8058). The unsubscribe URL answers a mail client's POST
  without a CSRF token (the secret token in the URL is the proof); a GET shows a button.
- **Links** (:func:`link_token`): the secret of a subscription's links is a value signed with
  ``SECRET_KEY`` (:mod:`aluhub.common.secret_links`, salted per channel); the database keeps
  no secret that opens them. They do not expire (an unsubscribe link must keep working).
- **Deliver due** (:func:`deliver_due`): each active subscription whose frequency
  (immediate, daily, weekly) has come round gets one e-mail with what is new since its last
  delivery, in its language, sent through :func:`aluhub.common.mail.send_email`.

How a new channel plugs in (job alerts in ``workforce``, event reminders in ``collaboration``):

1. Model: subclass :class:`Subscription` (abstract) with what the subscriber watches and a
   nullable ``user`` foreign key (``related_name`` of your choice); add a delivery-log model
   (one row per subscription and item, unique) if an item must never be sent twice.
2. Channel: subclass :class:`Channel`; set ``key``, ``model``, ``title``,
   ``confirm_subject``, ``url_prefix`` (your URL names of the three shared views),
   ``delivery_log``, ``template`` and ``subject_one`` / ``subject_many``, and implement
   ``describe`` (what the subscription watches, for the pages and the e-mails) and
   ``watched`` (the query of the items it watches, with ``item_order``: the core leaves out
   what the delivery log says was sent). Override ``context`` when the template needs more,
   ``new_items`` and ``record`` only for items that are not rows of one model or another
   kind of delivery log.
3. Register it once: ``register(MyChannel())`` in your ``AppConfig.ready()``.
4. URLs: mount ``subscription_views.confirm_view``, ``unsubscribe_view`` and ``manage_view``
   in your ``urls.py`` with ``{"channel": "<key>"}`` as extra kwargs; your subscribe view is
   ``subscription_views.subscribe_page`` (your form, your service calling :func:`subscribe`,
   your template) wrapped in :func:`rate_limited`.
5. Delivery: ``aluhub send_subscriptions --channel <key> [--frequency daily]`` (the worker
   schedules it); nothing is sent inside a request except the confirmation/settings links.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aluhub.common import secret_links
from aluhub.common.mail import send_email, site_url
from aluhub.common.proxy import client_ip

LANGUAGES = ("fr", "en")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", gettext_lazy("Immediately")
    DAILY = "daily", gettext_lazy("Daily")
    WEEKLY = "weekly", gettext_lazy("Weekly")


#: Minimum time between two e-mails of one subscription (a little under the period, so a
#: job that runs every day at the same time is never skipped by a few seconds).
MIN_INTERVAL = {
    Frequency.IMMEDIATE: dt.timedelta(0),
    Frequency.DAILY: dt.timedelta(hours=23),
    Frequency.WEEKLY: dt.timedelta(days=6, hours=12),
}


def new_token() -> str:
    """A random secret (the former subscription tokens' default, kept for the migrations
    that name it; CeiAl evaluation links)."""
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """What every subscription has: address, language, frequency, the version of its links
    (:func:`link_token`), consent and delivery times. Concrete models add what they watch and
    a ``user`` foreign key."""

    email = models.EmailField(gettext_lazy("email address"))
    language = models.CharField(gettext_lazy("language"), max_length=2, default="fr")
    frequency = models.CharField(
        gettext_lazy("frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    token_version = secret_links.version_field()
    #: The SHA-256 of the clear token of the links sent before they were signed.
    legacy_token_hash = secret_links.legacy_hash_field()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Channel:
    """One kind of subscription. Subclass, fill the class attributes, register an instance."""

    key: ClassVar[str]
    model: ClassVar[type[Subscription]]
    #: Shown on the shared pages and in the e-mails, e.g. "AluHub news".
    title: ClassVar[Any]
    confirm_subject: ClassVar[Any]
    #: The URL names of the shared views mounted by the channel's app are this prefix
    #: followed by ``confirm``, ``unsubscribe`` and ``manage`` (e.g. ``"collab:alert_"``).
    url_prefix: ClassVar[str]
    #: Where the pages send the reader next (a URL name).
    home_url_name: ClassVar[str]
    #: The e-mail body's template. It is given ``items`` (also under ``item_name``),
    #: ``lines`` (:meth:`describe`), ``unsubscribe``, ``manage``, ``site`` and what
    #: :meth:`context` adds.
    template: ClassVar[str]
    item_name: ClassVar[str] = "items"
    #: The subject of an e-mail with one item (``%(title)s``: its title; ``None``: always
    #: the other one) and with several (``%(count)d``).
    subject_one: ClassVar[Any] = None
    subject_many: ClassVar[Any]

    @property
    def url_names(self) -> Mapping[Literal["confirm", "unsubscribe", "manage"], str]:
        return {
            "confirm": f"{self.url_prefix}confirm",
            "unsubscribe": f"{self.url_prefix}unsubscribe",
            "manage": f"{self.url_prefix}manage",
        }

    def describe(self, subscription: Any) -> list[str]:
        """What the subscription watches, as lines in the active language."""
        return []

    #: The order of the items in an e-mail (fields of :meth:`watched`'s model).
    item_order: ClassVar[tuple[str, ...]] = ("pk",)

    def watched(self, subscription: Any, *, now: dt.datetime) -> QuerySet[Any]:
        """Every item the subscription watches, up to ``now``, sent or not: the channel's
        one query (its filters); :meth:`new_items` leaves out what was delivered."""
        raise NotImplementedError

    def new_items(self, subscription: Any, *, since: dt.datetime, now: dt.datetime) -> list[Any]:
        """What is new for the subscription since ``since`` (up to ``now``) and not yet
        delivered: :meth:`watched` without the delivery log's items, in ``item_order``. A
        channel whose items are not rows of one model (or with another kind of log)
        overrides this instead."""
        found = self.undelivered(subscription, self.watched(subscription, now=now))
        return list(found.order_by(*self.item_order))

    #: The delivery log when one row per (subscription, item) is enough: its model and the
    #: names of its foreign keys to the subscription and to the item. A channel with another
    #: kind of log overrides :meth:`record` instead.
    delivery_log: ClassVar[tuple[type[models.Model], str, str] | None] = None

    def record(self, subscription: Any, items: Sequence[Any]) -> list[Any]:
        """Write the delivery log; return the items recorded now (a concurrent run may
        have taken some)."""
        if self.delivery_log is None:
            return list(items)
        model, to_subscription, to_item = self.delivery_log
        fresh = []
        for item in items:
            _row, created = model._default_manager.get_or_create(
                **{to_subscription: subscription, to_item: item}
            )
            if created:
                fresh.append(item)
        return fresh

    def undelivered(self, subscription: Any, items: QuerySet[Any]) -> QuerySet[Any]:
        """``items`` without those the delivery log says were sent to ``subscription``."""
        if self.delivery_log is None:
            return items
        model, to_subscription, to_item = self.delivery_log
        sent = model._default_manager.filter(**{to_subscription: subscription})
        return items.exclude(pk__in=sent.values(f"{to_item}_id"))

    def context(self, subscription: Any, items: Sequence[Any]) -> dict[str, Any]:
        """What the channel's template needs besides the common context."""
        return {}

    def message(
        self, subscription: Any, items: Sequence[Any], *, unsubscribe: str
    ) -> tuple[str, str]:
        """Subject and plain-text body in the active language."""
        body = render_to_string(
            self.template,
            {
                "items": items,
                self.item_name: items,
                "lines": self.describe(subscription),
                "unsubscribe": unsubscribe,
                "manage": link(self, "manage", subscription),
                "site": settings.SITE_URL,
                **self.context(subscription, items),
            },
        )
        if len(items) == 1 and self.subject_one is not None:
            return str(self.subject_one) % {"title": items[0].title}, body
        return str(self.subject_many) % {"count": len(items)}, body


CHANNELS: dict[str, Channel] = {}


def register(channel: Channel) -> Channel:
    CHANNELS[channel.key] = channel
    return channel


def get_channel(key: str) -> Channel:
    try:
        return CHANNELS[key]
    except KeyError:
        raise LookupError(f"unknown subscription channel {key!r}") from None


def _purpose(channel: Channel) -> str:
    return f"aluhub.subscription.{channel.key}"


def link_token(channel: Channel, sub: Any) -> str:
    """The secret that a link to one of ``sub``'s pages carries (signed, never stored)."""
    return secret_links.signed_value(_purpose(channel), sub)


def path_to(channel: Channel, which: Literal["confirm", "unsubscribe", "manage"], sub: Any) -> str:
    """The path of one of ``sub``'s pages (its confirm, unsubscribe or settings page)."""
    return reverse(channel.url_names[which], args=[link_token(channel, sub)])


def link(channel: Channel, which: Literal["confirm", "unsubscribe", "manage"], sub: Any) -> str:
    """The full address of one of ``sub``'s pages, for an e-mail."""
    return site_url(path_to(channel, which, sub))


# ------------------------------------------------------------------ rate limit

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)

#: Subscribe requests accepted per address, and per client address, in one window.
SUBSCRIBE_LIMIT_PER_EMAIL = 3
SUBSCRIBE_LIMIT_PER_IP = 10
SUBSCRIBE_WINDOW = dt.timedelta(hours=1)


def _count_hit(key: str) -> int:
    """Add one to a counter that lives :data:`SUBSCRIBE_WINDOW`; answer its new value."""
    cache = caches["shared"]
    timeout = int(SUBSCRIBE_WINDOW.total_seconds())
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def subscribe_requests_exceeded(
    *, email: str, ip: str, purpose: str = "subscribe", ip_limit: int = SUBSCRIBE_LIMIT_PER_IP
) -> bool:
    """Count one request that e-mails ``email`` (a subscribe request, or another
    ``purpose`` with counters of its own: a password reset); answer whether its address or
    client is over the limit (``ip_limit`` requests per client)."""
    email_key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    over_email = bool(email) and _count_hit(f"{purpose}:email:{email_key}") > (
        SUBSCRIBE_LIMIT_PER_EMAIL
    )
    over_ip = _count_hit(f"{purpose}:ip:{ip}") > ip_limit
    return over_email or over_ip


def rate_limited(
    view: Callable[..., ResponseT],
    *,
    purpose: str = "subscribe",
    template: str = "common/subscriptions/too_many.html",
) -> Callable[..., ResponseT | HttpResponse]:
    """Decorate a view that e-mails the address posted as ``email`` (a subscribe view; the
    password reset with its own ``purpose`` and ``template``): a POST over the limits gets
    the 429 page ``template``, nothing is sent.

    Only posts with a valid address count (others cannot send anything). An address with
    no account counts like any other, so the 429 tells nobody whether an account exists."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> ResponseT | HttpResponse:
        email = str(request.POST.get("email", "")) if request.method == "POST" else ""
        try:
            validate_email(email)
        except ValidationError:
            return view(request, *args, **kwargs)  # nothing can be sent: the form says why
        if subscribe_requests_exceeded(email=email, ip=client_ip(request), purpose=purpose):
            return render(request, template, status=429)
        return view(request, *args, **kwargs)

    return wrapped


# ------------------------------------------------------------------ consent


@dataclass(frozen=True)
class SubscribeOutcome:
    subscription: Any
    #: active: confirmed now; pending: a confirmation link was sent; settings_link: the
    #: address already had this confirmed subscription and was sent its settings link.
    status: Literal["active", "pending", "settings_link"]


def subscribe(
    *,
    channel: Channel,
    email: str,
    language: str,
    frequency: str,
    user: Any = None,
    match: Mapping[str, Any] | None = None,
    values: Mapping[str, Any] | None = None,
) -> SubscribeOutcome:
    """Create or update the subscription of ``email`` (and ``match``, the fields that
    identify it within the channel) with ``values``; see the module docstring for consent."""
    email = email.strip().lower()
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose French or English.")})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose a frequency.")})
    trusted = bool(
        user is not None
        and user.is_authenticated
        and user.email_verified
        and user.email.lower() == email
    )
    match = dict(match or {})
    with transaction.atomic():
        sub = channel.model.objects.select_for_update().filter(email=email, **match).first()  # type: ignore[attr-defined]
        if sub is None:
            sub = channel.model(email=email, **match)
        elif sub.is_active and not trusted:
            saved = sub
            transaction.on_commit(lambda: send_settings_link(channel=channel, subscription=saved))
            return SubscribeOutcome(sub, "settings_link")
        if sub.unsubscribed_at is not None:
            # Consent given before an unsubscribe does not come back with a form post.
            sub.unsubscribed_at = None
            sub.confirmed_at = None
        sub.language, sub.frequency = language, frequency
        for name, value in (values or {}).items():
            setattr(sub, name, value)
        if trusted:
            sub.user = user
            if sub.confirmed_at is None:
                sub.confirmed_at = timezone.now()
        try:
            with transaction.atomic():
                sub.save()
        except IntegrityError as exc:  # a concurrent request created it
            raise ValidationError({"email": _("Please try again.")}) from exc
        if sub.confirmed_at is None:
            pending = sub
            transaction.on_commit(lambda: send_confirmation(channel=channel, subscription=pending))
            return SubscribeOutcome(sub, "pending")
    return SubscribeOutcome(sub, "active")


def send_confirmation(*, channel: Channel, subscription: Any) -> None:
    with translation.override(subscription.language):
        body = render_to_string(
            "common/subscriptions/email/confirm.txt",
            {
                "title": channel.title,
                "lines": channel.describe(subscription),
                "link": link(channel, "confirm", subscription),
            },
        )
        send_email(to=[subscription.email], subject=str(channel.confirm_subject), body=body)


def send_settings_link(*, channel: Channel, subscription: Any) -> None:
    with translation.override(subscription.language):
        body = render_to_string(
            "common/subscriptions/email/settings.txt",
            {
                "title": channel.title,
                "lines": channel.describe(subscription),
                "link": link(channel, "manage", subscription),
            },
        )
        subject = _("Your subscription: %(title)s") % {"title": channel.title}
        send_email(to=[subscription.email], subject=subject, body=body)


def subscription_by_token(*, channel: Channel, token: str) -> Any | None:
    """The channel's subscription that ``token`` (the secret of its links) opens, or None."""
    return _by_token(channel, channel.model._default_manager.all(), token)


def _by_token(channel: Channel, subs: QuerySet[Any], token: str) -> Any | None:
    return secret_links.row_by_link(subs, purpose=_purpose(channel), value=token)


def confirm(*, channel: Channel, token: str) -> Any | None:
    """Confirm by token; an unsubscribed subscription stays unsubscribed."""
    with transaction.atomic():
        sub = _by_token(channel, channel.model.objects.select_for_update(), token)  # type: ignore[attr-defined]
        if sub is not None and sub.confirmed_at is None and sub.unsubscribed_at is None:
            sub.confirmed_at = timezone.now()
            sub.save(update_fields=["confirmed_at"])
    return sub


def unsubscribe(*, channel: Channel, token: str) -> Any | None:
    with transaction.atomic():
        sub = _by_token(channel, channel.model.objects.select_for_update(), token)  # type: ignore[attr-defined]
        if sub is not None and sub.unsubscribed_at is None:
            sub.unsubscribed_at = timezone.now()
            sub.save(update_fields=["unsubscribed_at"])
    return sub


def change_settings(*, subscription: Any, frequency: str, language: str) -> Any:
    """Change frequency and language: only from the settings page reached by the
    subscription's own link, or by its signed-in owner."""
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose French or English.")})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose a frequency.")})
    with transaction.atomic():
        subscription.frequency, subscription.language = frequency, language
        subscription.save(update_fields=["frequency", "language"])
    return subscription


# ------------------------------------------------------------------ delivery


@dataclass(frozen=True)
class DeliveryReport:
    subscriptions: int
    emails: int
    items: int


def is_due(subscription: Any, now: dt.datetime) -> bool:
    if subscription.last_sent_at is None:
        return True
    return now - subscription.last_sent_at >= MIN_INTERVAL[Frequency(subscription.frequency)]


def deliver(*, channel: Channel, subscription: Any, now: dt.datetime) -> int:
    """Send one subscription what is new for it, if anything; returns the item count."""
    since = subscription.last_sent_at or subscription.confirmed_at or subscription.created_at
    with transaction.atomic(), translation.override(subscription.language):
        items = channel.new_items(subscription, since=since, now=now)
        if not items:
            return 0
        fresh = channel.record(subscription, items)
        if not fresh:
            return 0
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at"])
        unsubscribe_url = link(channel, "unsubscribe", subscription)
        subject, body = channel.message(subscription, fresh, unsubscribe=unsubscribe_url)
        send_email(
            to=[subscription.email],
            subject=subject,
            body=body,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return len(fresh)


def deliver_due(
    *,
    channels: Iterable[str] | None = None,
    frequency: str | None = None,
    now: dt.datetime | None = None,
) -> DeliveryReport:
    """Deliver every active subscription that is due (of ``frequency``, or all), channel by
    channel. Safe to run as often as wanted: the delivery logs never send an item twice."""
    now = now or timezone.now()
    if frequency is not None and frequency not in Frequency.values:
        raise ValueError(f"unknown frequency {frequency!r}")
    count = emails = items = 0
    for key in channels if channels is not None else sorted(CHANNELS):
        channel = get_channel(key)
        subs = channel.model.objects.filter(  # type: ignore[attr-defined]
            confirmed_at__isnull=False, unsubscribed_at__isnull=True
        ).order_by("pk")
        if frequency is not None:
            subs = subs.filter(frequency=frequency)
        for sub in subs:
            count += 1
            if not is_due(sub, now):
                continue
            sent = deliver(channel=channel, subscription=sub, now=now)
            if sent:
                emails += 1
                items += sent
    return DeliveryReport(subscriptions=count, emails=emails, items=items)


LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


# ------------------------------------------------------------------ one address, every channel


@dataclass(frozen=True)
class HeldSubscription:
    """One subscription of an address, with its channel and the links of its own pages."""

    channel: Channel
    subscription: Any
    lines: list[str]
    manage_url: str
    unsubscribe_url: str
    confirm_url: str


def subscriptions_for_email(email: str) -> list[HeldSubscription]:
    """Every subscription of ``email`` (case aside) on every registered channel, pending or
    active (not the unsubscribed ones), channel by channel, newest first."""
    held: list[HeldSubscription] = []
    if not email:
        return held
    for channel in sorted(CHANNELS.values(), key=lambda c: str(c.title)):
        subs = channel.model.objects.filter(  # type: ignore[attr-defined]
            email__iexact=email, unsubscribed_at__isnull=True
        ).order_by("-created_at", "-pk")
        for sub in subs:
            held.append(
                HeldSubscription(
                    channel=channel,
                    subscription=sub,
                    lines=channel.describe(sub),
                    manage_url=path_to(channel, "manage", sub),
                    unsubscribe_url=path_to(channel, "unsubscribe", sub),
                    confirm_url=path_to(channel, "confirm", sub),
                )
            )
    return held
