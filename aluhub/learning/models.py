"""Alu-Compétences: teaching resources on aluminium, course packs, teacher verification.

Files live under MEDIA_ROOT (outside the web root) and are only served by
``views.resource_download`` after ``selectors.resource_can_download`` said yes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common import secret_links


class ResourceType(models.TextChoices):
    SLIDES = "slides", _("Slide deck")
    VIDEO = "video", _("Lecture video")
    DOCUMENT = "document", _("Document")
    EXERCISE = "exercise", _("Exercise with solution")
    CASE_STUDY = "case_study", _("Case study")
    LAB = "lab", _("Lab")


class Level(models.TextChoices):
    COLLEGE = "college", _("College (cégep)")
    UNIVERSITY = "university", pgettext_lazy("education level", "University")


class DisciplineCode(models.TextChoices):
    INDUSTRIAL_DESIGN = "industrial_design", _("Industrial design")
    ARCHITECTURE = "architecture", _("Architecture")
    METALLURGY = "metallurgy", _("Metallurgy")
    CIVIL = "civil", _("Civil engineering")
    MECHANICAL = "mechanical", _("Mechanical engineering")
    AEROSPACE = "aerospace", _("Aerospace engineering")


class TopicCode(models.TextChoices):
    ALLOYS = "alloys_tempers", _("Alloys and tempers")
    EXTRUSION = "extrusion", _("Extrusion")
    ROLLING = "rolling", _("Rolling")
    CASTING = "casting", _("Casting")
    JOINING = "joining_welding", _("Joining and welding")
    CORROSION = "corrosion_finishing", _("Corrosion and finishing")
    STRUCTURAL = "structural_design", _("Structural design")
    SUSTAINABILITY = "sustainability_recycling", _("Sustainability and recycling")
    INDUSTRY40 = "industry_40", _("Industry 4.0")


class ResourceLanguage(models.TextChoices):
    FR = "fr", _("French")
    EN = "en", _("English")
    BILINGUAL = "fr-en", _("Bilingual (French and English)")


class Access(models.TextChoices):
    OPEN = "open", _("Open to everyone")
    TEACHERS = "teachers", _("Verified teachers only")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", pgettext_lazy("resource status", "Published")
    RETIRED = "retired", _("Retired")


class Discipline(models.Model):
    """One row per discipline code (created by a migration); labels come from the choices."""

    code = models.CharField(max_length=32, unique=True, choices=DisciplineCode.choices)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return str(DisciplineCode(self.code).label)


class Topic(models.Model):
    code = models.CharField(max_length=32, unique=True, choices=TopicCode.choices)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(TopicCode(self.code).label)


class Resource(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"))
    type = models.CharField(_("type"), max_length=16, choices=ResourceType.choices)
    level = models.CharField(
        pgettext_lazy("education level", "level"), max_length=16, choices=Level.choices
    )
    disciplines: models.ManyToManyField[Discipline, Any] = models.ManyToManyField(
        Discipline, verbose_name=_("disciplines"), blank=True
    )
    topics: models.ManyToManyField[Topic, Any] = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True
    )
    language = models.CharField(
        _("language"), max_length=5, choices=ResourceLanguage.choices, default="fr"
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    license = models.CharField(_("license"), max_length=100, default="CC BY 4.0")
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    organizations: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "accounts.Organization", verbose_name=_("contributing organizations"), blank=True
    )
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, default="open")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="draft")
    video_url = models.URLField(_("video link"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One URL per line."))
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    is_demo = models.BooleanField(_("demo entry"), default=False)
    # Normalized, stemmed words of both languages (see search.py); rebuilt by services.
    search_text = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("teaching resource")
        verbose_name_plural = _("teaching resources")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="learning_resource_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> ResourceVersion | None:
        return self.versions.order_by("-number").first()

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


def _version_upload_to(instance: ResourceVersion, filename: str) -> str:
    return f"learning/resources/{instance.resource.slug}/v{instance.number}/{filename}"


class ResourceDownload(models.Model):
    """A reader's download of a resource on a day: the resource's ``download_count`` counts
    each reader (a signed-in user, or an anonymous reader's session) once per resource per
    day, however often they reload (``services.resource_download_record``). Only the
    current day's rows matter; the service deletes the older ones."""

    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("teaching resource"),
    )
    # "user:<id>", or "session:" + a hash of the session key (never the key itself).
    reader = models.CharField(_("reader"), max_length=80)
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = pgettext_lazy("download records", "downloads")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "reader", "day"], name="learning_download_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="learning_download_day")]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.reader} {self.day}"


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PPTX = "pptx", "PowerPoint (PPTX)"
    MP4 = "mp4", "MP4"
    ZIP = "zip", "ZIP"


class ResourceVersion(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=_version_upload_to, max_length=300)
    file_kind = models.CharField(_("file type"), max_length=8, choices=FileKind.choices)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    thumbnail = models.FileField(max_length=300, blank=True)
    note = models.TextField(_("change note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="learning_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.resource.slug} v{self.number}"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Collection(models.Model):
    """A course pack: an ordered list of resources a teacher shares by link."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_collections"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Its share link carries a value signed with SECRET_KEY (selectors.collection_share_token):
    # the database keeps no secret that opens the pack; a new version revokes the old links.
    token_version = secret_links.version_field()
    #: The SHA-256 of the clear token of the share links given before they were signed.
    legacy_token_hash = secret_links.legacy_hash_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course pack")
        verbose_name_plural = _("course packs")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("course pack item")
        verbose_name_plural = _("course pack items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "resource"], name="learning_collection_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collection} #{self.position}: {self.resource}"


class VerificationStatus(models.TextChoices):
    # The state of a teacher profile (masculine in French: « Vérifié », « Refusé »).
    PENDING = "pending", pgettext_lazy("teacher profile", "Pending")
    VERIFIED = "verified", pgettext_lazy("teacher profile", "Verified")
    REJECTED = "rejected", pgettext_lazy("teacher profile", "Rejected")


class TeacherProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teacher_profile"
    )
    institution = models.CharField(_("institution"), max_length=200)
    department = models.CharField(_("department or program"), max_length=200, blank=True)
    institution_email = models.EmailField(_("institutional email"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("teacher profile")
        verbose_name_plural = _("teacher profiles")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.institution}, {self.status})"


class Rating(models.Model):
    """A teacher's 1-5 rating of a resource, with an optional comment."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="learning_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="learning_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource.slug}: {self.stars}/5"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class ErrorReport(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="error_reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("what is wrong?"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return f"{self.resource.slug}: {self.status}"


class LastVisit(models.Model):
    """When the user last browsed the library, for "new since your last visit"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_visit"
    )
    seen_at = models.DateTimeField()
    previous_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("last visit")
        verbose_name_plural = _("last visits")

    def __str__(self) -> str:
        return f"{self.user}: {self.seen_at:%Y-%m-%d}"
