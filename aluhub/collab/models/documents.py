# mypy: disable-error-code="django-manager-missing"
# (modeltranslation managers, as for every aluhub.*.models module in pyproject.toml)
"""Group documents, versioned, with their confidentiality."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .groups import WorkingGroup

# --- group documents ---------------------------------------------------------------------


class Confidentiality(models.TextChoices):
    GROUP = "group", _("Group members only")
    MEMBERS = "members", _("Cluster members")
    PUBLIC = "public", _("Public")


def document_path(instance: DocumentVersion, filename: str) -> str:
    # The stored name is ours (the group, the document, the version), never the uploader's.
    extension = instance.kind or "bin"
    return (
        f"collab/documents/{instance.document.group_id}/"
        f"{instance.document_id}-v{instance.number}.{extension}"
    )


class GroupDocument(models.Model):
    """A document of a working group; its file is in its versions (the latest is current).

    ``search_text`` is the stored search document (common.search) of the title, the
    description and the text extracted from the latest version.
    """

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    confidentiality = models.CharField(
        _("who may read it"),
        max_length=8,
        choices=Confidentiality.choices,
        default=Confidentiality.GROUP,
    )
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group document")
        verbose_name_plural = _("group documents")
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document (numbered 1, 2, 3 ...), stored outside the web root."""

    document = models.ForeignKey(GroupDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="collab_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
