"""Catalogue curation: partners' program proposals, link checks of program URLs, and
staff CSV imports reviewed row by row. These models belong to the ``funding`` app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aluhub.accounts.models import Organization
from aluhub.common.lang import active_lang
from aluhub.funding.models import Program


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

    @property
    def title(self) -> str:
        """The program's name in the reader's language: the program's own for an edit, else
        the proposed English name on an English page when one was given, else the French."""
        if self.program is not None:
            return self.program.name
        english = self.fields.get("name_en") if active_lang() == "en" else None
        return str(english or self.fields.get("name_fr") or "")


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
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch", "line"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="import_row_unique_line")
        ]

    def __str__(self) -> str:
        return f"{self.batch} #{self.line}"
