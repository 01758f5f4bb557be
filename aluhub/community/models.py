"""News bulletins and email-digest subscriptions by category and language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common.subscriptions import Frequency, new_token
from aluhub.common.subscriptions import Subscription as BaseSubscription


class Category(models.TextChoices):
    FUNDING = "funding", _("Funding")
    INDUSTRY40 = "industry40", _("Innovation 4.0")
    WORKFORCE = "workforce", _("Workforce")
    RECYCLING = "recycling", _("Valorization & recycling")
    MARKETS = "markets", _("Markets and trade")


class Bulletin(models.Model):
    """A bilingual news item (title_fr/title_en, body_fr/body_en via modeltranslation)."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    program_slugs = models.JSONField(
        _("linked funding programs"),
        default=list,
        blank=True,
        help_text=_("Slugs of catalogue programs this bulletin points to."),
    )
    source_url = models.URLField(_("source"), blank=True)
    published_at = models.DateTimeField(
        pgettext_lazy("bulletin", "published at"), null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager[Bulletin] = models.Manager()

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


#: The first migration's token default (kept importable for it).
_token = new_token

__all__ = ["Bulletin", "Category", "Delivery", "Frequency", "Subscription"]


class Subscription(BaseSubscription):
    """An email subscription to one or more categories of news, in one language (the
    consent rules and the delivery are those of ``aluhub.common.subscriptions``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="news_subscriptions",
    )
    categories = models.JSONField(_("categories"), default=list)

    class Meta:
        verbose_name = _("news subscription")
        verbose_name_plural = _("news subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email"], name="news_subscription_email_unique")
        ]


class Delivery(models.Model):
    """One bulletin sent to one subscription: guarantees nothing is sent twice."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bulletin delivery")
        verbose_name_plural = _("bulletin deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "bulletin"], name="news_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} -> {self.subscription}"
