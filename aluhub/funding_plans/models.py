"""Financing plans and application tracking of member organizations. Amounts are CAD."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.accounts.models import Organization
from aluhub.common import once
from aluhub.funding.models import Program


class FinancingPlan(models.Model):
    """A saved financing plan: the engine's input (the CLI's JSON) and its output."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="financing_plans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    inputs = models.JSONField(_("inputs"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    lang = models.CharField(_("language"), max_length=2, default="fr")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The new-plan page's one-time token: the same form sent twice stores one plan.
    form_token = once.token_field()

    class Meta:
        verbose_name = _("financing plan")
        verbose_name_plural = _("financing plans")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class Stage(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    PAID = "paid", pgettext_lazy("application stage", "Paid")


#: Stages an application has passed through when it is at a given stage (the funnel).
STAGES_REACHED: dict[str, tuple[str, ...]] = {
    "interested": ("interested",),
    "submitted": ("interested", "submitted"),
    "approved": ("interested", "submitted", "approved"),
    "denied": ("interested", "submitted", "denied"),
    "paid": ("interested", "submitted", "approved", "paid"),
}


class Application(models.Model):
    """An organization's application to one program, from interest to payment."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="funding_applications"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, default=Stage.INTERESTED
    )
    amount_requested_cad = models.DecimalField(
        _("amount requested (CAD)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    amount_approved_cad = models.DecimalField(
        _("amount approved (CAD)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    amount_paid_cad = models.DecimalField(
        _("amount paid (CAD)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Leave blank to use the program's next intake deadline."),
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "program"], name="application_one_per_program"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_requested_cad__isnull=True)
                | models.Q(amount_requested_cad__gte=0),
                name="application_requested_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_approved_cad__isnull=True)
                | models.Q(amount_approved_cad__gte=0),
                name="application_approved_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_paid_cad__isnull=True) | models.Q(amount_paid_cad__gte=0),
                name="application_paid_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} -> {self.program.slug} ({self.stage})"


class DeadlineReminder(models.Model):
    """A reminder sent for one application and one deadline (never twice)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "deadline"], name="deadline_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} @ {self.deadline}"
