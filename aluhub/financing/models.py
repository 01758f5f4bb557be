"""Funding alerts, financing plans, application tracking and catalogue curation.

Alerts watch the funding catalogue through its history (``funding.ProgramChange``): a
subscription remembers when it was last delivered, and a delivery log (one row per
subscription, program and change, unique) guarantees a change is never sent twice.
Amounts are CAD.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aluhub.accounts.models import Organization
from aluhub.funding.models import Program, ProgramChange


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AlertKind(models.TextChoices):
    SEARCH = "search", _("Saved search")
    COMPANY = "company", _("Programs matching my company")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class AlertSubscription(models.Model):
    """An email alert on a finder search (its query string) or on the programs that match
    an organization's profile. Double opt-in: ``confirmed_at`` is set by the link of the
    confirmation email (or at once for a signed-in user's own verified address)."""

    kind = models.CharField(
        _("kind"), max_length=8, choices=AlertKind.choices, default=AlertKind.SEARCH
    )
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="funding_alerts",
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="funding_alerts",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    query = models.TextField(
        _("search"),
        blank=True,
        help_text=_("The finder's query string; for a company alert, the goals."),
    )
    language = models.CharField(_("language"), max_length=2, default="fr")
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funding alert")
        verbose_name_plural = _("funding alerts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="company") | models.Q(organization__isnull=False),
                name="alert_company_has_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.kind})"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class AlertDelivery(models.Model):
    """One program change sent to one subscription."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    change = models.ForeignKey(ProgramChange, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "program", "change"], name="alert_delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.change} -> {self.subscription}"
