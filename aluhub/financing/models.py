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
from django.utils.translation import pgettext_lazy

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
        constraints = [
            models.UniqueConstraint(
                fields=["application", "deadline"], name="deadline_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} @ {self.deadline}"


class ProposalKind(models.TextChoices):
    NEW = "new", _("New program")
    EDIT = "edit", _("Edit of a program")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ProgramProposal(models.Model):
    """A partner's proposal of a new program or of an edit, reviewed by staff."""

    kind = models.CharField(_("kind"), max_length=4, choices=ProposalKind.choices)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fields = models.JSONField(_("proposed fields"), default=dict)
    note = models.TextField(_("note to the reviewers"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    duplicate_warnings = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program proposal")
        verbose_name_plural = _("program proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="edit")
                | models.Q(program__isnull=False)
                | ~models.Q(status="pending"),
                name="proposal_edit_names_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.fields.get('name_fr') or self.program_id}"


class LinkCheck(models.Model):
    """The last check of a program's official URL."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="link_check")
    url = models.URLField(max_length=500)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ok = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self) -> str:
        return f"{self.url}: {self.status_code or self.error}"


class ImportBatch(models.Model):
    """A staff CSV upload: its text, the column mapping, and per-row changes to review."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    csv_text = models.TextField()
    columns = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program import")
        verbose_name_plural = _("program imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class ImportRowStatus(models.TextChoices):
    PENDING = "pending", _("To review")
    APPROVED = "approved", _("Applied")
    REJECTED = "rejected", _("Rejected")
    UNCHANGED = "unchanged", _("Unchanged")
    INVALID = "invalid", _("Invalid")


class ImportRow(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    slug = models.CharField(max_length=120)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=ImportRowStatus.choices, default=ImportRowStatus.PENDING
    )

    class Meta:
        ordering = ["batch", "line"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="import_row_unique_line")
        ]

    def __str__(self) -> str:
        return f"{self.batch} #{self.line}"
