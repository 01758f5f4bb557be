"""Funding alerts: e-mail subscriptions (``aluhub.common.subscriptions``) on a finder search
or on the programs that match an organization's profile.

Alerts watch the funding catalogue through its history (``funding.ProgramChange``): a
delivery log (one row per subscription, program and change, unique) guarantees a change is
never sent twice. These models belong to the ``funding`` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aluhub.accounts.models import Organization
from aluhub.common.subscriptions import Frequency, Subscription
from aluhub.funding.models import Program, ProgramChange

__all__ = ["AlertDelivery", "AlertKind", "AlertSubscription", "Frequency"]


class AlertKind(models.TextChoices):
    SEARCH = "search", _("Saved search")
    COMPANY = "company", _("Programs matching my company")


class AlertSubscription(Subscription):
    """An e-mail alert on a finder search (its query string) or on the programs that match
    an organization's profile (double opt-in and delivery by the subscriptions core)."""

    kind = models.CharField(
        _("kind"), max_length=8, choices=AlertKind.choices, default=AlertKind.SEARCH
    )
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
