"""Innovation 4.0: maturity self-assessments, the expert directory and technical requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aluhub.accounts.models import Organization
from aluhub.common import once


class Assessment(models.Model):
    """One digital-maturity self-assessment of an organization (answers as filled)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="maturity_assessments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="maturity_assessments",
    )
    questionnaire_version = models.CharField(_("questionnaire version"), max_length=20)
    # Size class at the time of the assessment: peers are grouped on it.
    size_class = models.CharField(_("size class"), max_length=8, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    targets = models.JSONField(_("targets"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    # The questionnaire page's one-time token: the same form sent twice stores one assessment.
    form_token = once.token_field()

    class Meta:
        verbose_name = _("maturity self-assessment")
        verbose_name_plural = _("maturity self-assessments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organization} {self.created_at:%Y-%m-%d}"

    @property
    def overall(self) -> float | None:
        value = self.result.get("overall")
        return float(value) if value is not None else None

    @property
    def levels(self) -> dict[str, int]:
        return {d["code"]: d["level"] for d in self.result.get("dimensions", [])}


class Category(models.TextChoices):
    ALLOY_SELECTION = "alloy_selection", _("Alloy selection")
    JOINING_WELDING = "joining_welding", _("Joining and welding")
    CORROSION_FINISHING = "corrosion_finishing", _("Corrosion and finishing")
    FORMING_EXTRUSION = "forming_extrusion", _("Forming and extrusion")
    CASTING = "casting", _("Casting")
    STRUCTURAL_DESIGN = "structural_design", _("Structural design")
    RECYCLING = "recycling", _("Recycling")
    DIGITAL_4_0 = "digital_4_0", _("Digital and 4.0")
    OTHER = "other", _("Other")


class Expert(models.Model):
    """An expert of the directory; ``tags`` hold category codes and free expertise tags."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("organization"),
    )
    bio = models.TextField(_("biography"), blank=True)
    tags = models.JSONField(_("expertise tags"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["user__last_name", "user__first_name", "pk"]

    def __str__(self) -> str:
        return self.user.get_full_name()

    @property
    def name(self) -> str:
        return self.user.get_full_name()


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


#: Statuses that count in an expert's current load.
OPEN_ASSIGNED = (Status.ASSIGNED, Status.IN_PROGRESS)


class TechnicalRequest(models.Model):
    """A technical-challenge request of a member organization."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="technical_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="technical_requests",
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    description = models.TextField(_("description"))
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=2, default="fr")
    confidential = models.BooleanField(_("confidential"), default=False)
    # Set by staff only: the assigned expert of a confidential request may then see who asks.
    identity_shared = models.BooleanField(_("identity shared with the expert"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    expert = models.ForeignKey(
        Expert,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("expert"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    # The request page's one-time token: the same form sent twice files one request.
    form_token = once.token_field()

    class Meta:
        verbose_name = _("technical request")
        verbose_name_plural = _("technical requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="innovation_request_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    request = models.ForeignKey(
        TechnicalRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="innovation/requests/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Message(models.Model):
    request = models.ForeignKey(TechnicalRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)
    # The message form's one-time token: the same form sent twice posts one message.
    form_token = once.token_field()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} @ {self.created_at:%Y-%m-%d %H:%M}"
