# Size: 614 lines, one app's models (trades to tracker); CeiAl is the next split.
"""Workforce and trades: the trades of the aluminium value chain, the training programs that
lead to them, labour-market indicators (each with its year and source) and job postings.

Reference rows (trades, programs, indicators) are loaded from aluhub/data/*.csv by
``aluhub load_reference_data`` and keep their source URLs; titles of trades and names of
programs are bilingual (django-modeltranslation: ``title_fr`` / ``title_en``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common import secret_links
from aluhub.common.regions import region_choices
from aluhub.common.subscriptions import Subscription


class Stage(models.TextChoices):
    """Stages of the aluminium value chain, in the order of the chain, then cross-cutting ones."""

    PRIMARY = "primary", _("Bauxite, alumina and smelting")
    CASTING = "casting", _("Casting and foundry")
    EXTRUSION = "extrusion", _("Extrusion")
    ROLLING = "rolling", _("Rolling")
    MACHINING = "machining", _("Machining and forming")
    WELDING = "welding", _("Welding and assembly")
    FINISHING = "finishing", _("Surface finishing")
    RECYCLING = "recycling", _("Recycling")
    MAINTENANCE = "maintenance", _("Industrial maintenance")
    QUALITY = "quality", _("Quality and testing")
    ENGINEERING = "engineering", _("Engineering")
    LOGISTICS = "logistics", _("Handling and logistics")


#: The stages drawn as the chain (left to right); the others are shown as cross-cutting.
CHAIN = [
    Stage.PRIMARY,
    Stage.CASTING,
    Stage.EXTRUSION,
    Stage.ROLLING,
    Stage.MACHINING,
    Stage.WELDING,
    Stage.FINISHING,
    Stage.RECYCLING,
]


class StudyLevel(models.TextChoices):
    """Québec diplomas, from on-the-job training to university."""

    NONE = "none", _("No diploma required / on-the-job training")
    PAMT = "pamt", _("Workplace apprenticeship (PAMT)")
    DEP = "dep", _("Vocational diploma (DEP, ASP, AEP)")
    DEC = "dec", _("College diploma (DEC, AEC)")
    BAC = "bac", _("University degree (bachelor's)")


class Trade(models.Model):
    # Columns added by modeltranslation (translation.py), declared for type checkers.
    title_fr: str | None
    title_en: str | None
    summary_fr: str | None
    summary_en: str | None

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    noc_2021 = models.CharField(_("NOC 2021 code"), max_length=5, blank=True, db_index=True)
    teer = models.PositiveSmallIntegerField(_("TEER"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fr_source = models.URLField(_("source of the French title"), max_length=500, blank=True)
    summary = models.TextField(_("what the work is"), blank=True)
    stages = models.JSONField(_("value-chain stages"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    environments = models.JSONField(_("work environments"), default=list, blank=True)
    example_titles_fr = models.TextField(_("example job titles (French)"), blank=True)
    example_titles_en = models.TextField(_("example job titles (English)"), blank=True)
    source_url = models.URLField(_("source"), max_length=500)
    evidence_confidence = models.CharField(_("evidence confidence"), max_length=10, blank=True)
    note = models.TextField(_("research note"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["noc_2021", "slug"]

    def __str__(self) -> str:
        return f"{self.noc_2021 or '—'} {self.title_en or self.slug}"


class TrainingProgram(models.Model):
    class Level(models.TextChoices):
        DEP = "DEP", _("DEP (vocational diploma)")
        ASP = "ASP", _("ASP (vocational specialization)")
        AEP = "AEP", _("AEP (vocational attestation)")
        AEC = "AEC", _("AEC (college attestation)")
        DEC = "DEC", _("DEC (college diploma)")
        BAC = "BAC", _("Bachelor's degree")
        OTHER = "other", _("Workplace apprenticeship (PAMT)")

    name_fr: str | None
    name_en: str | None
    hours_fr: str | None
    hours_en: str | None
    note_fr: str | None
    note_en: str | None
    institutions_fr: list[dict[str, str]] | None
    institutions_en: list[dict[str, str]] | None

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    code = models.CharField(_("program number"), max_length=20, blank=True)
    code_to_confirm = models.BooleanField(_("program number to confirm"), default=False)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    hours = models.CharField(_("duration"), max_length=120, blank=True)
    trades = models.ManyToManyField(Trade, related_name="programs", verbose_name=_("trades"))
    institutions = models.JSONField(_("institutions"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    work_study = models.BooleanField(_("work-study"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500)
    evidence_confidence = models.CharField(_("evidence confidence"), max_length=10, blank=True)
    note = models.TextField(_("research note"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("training program")
        verbose_name_plural = _("training programs")
        ordering = ["level", "slug"]

    def __str__(self) -> str:
        return f"{self.code or self.level} {self.name_fr or self.slug}"

    @property
    def study_level(self) -> str:
        return LEVEL_TO_STUDY[self.level]


LEVEL_TO_STUDY = {
    "DEP": StudyLevel.DEP,
    "ASP": StudyLevel.DEP,
    "AEP": StudyLevel.DEP,
    "AEC": StudyLevel.DEC,
    "DEC": StudyLevel.DEC,
    "BAC": StudyLevel.BAC,
    "other": StudyLevel.PAMT,
}


class LabourIndicator(models.Model):
    """One labour-market figure for a trade in a region, always with its year and source."""

    trade = models.ForeignKey(Trade, on_delete=models.CASCADE, related_name="indicators")
    region = models.CharField(_("region"), max_length=120)
    region_code = models.CharField(_("region code"), max_length=2, blank=True)
    indicator = models.CharField(_("indicator"), max_length=300)
    value = models.CharField(_("value"), max_length=200)
    year = models.CharField(
        _("year"), max_length=20, help_text=_("A year or a period (2019-2023).")
    )
    source_url = models.URLField(_("source"), max_length=500)
    #: The language the indicator and its value are written in (as published: the pages
    #: mark it when it is not the page's).
    language = models.CharField(
        _("language of the text"),
        max_length=2,
        choices=[("fr", "Français"), ("en", "English")],
        default="en",
    )

    class Meta:
        verbose_name = _("labour-market indicator")
        verbose_name_plural = _("labour-market indicators")
        ordering = ["trade", "region", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["trade", "region", "indicator"], name="workforce_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trade.slug} · {self.region} · {self.indicator}: {self.value} ({self.year})"


class JobKind(models.TextChoices):
    INTERNSHIP = "internship", _("Internship")
    SUMMER = "summer", _("Summer job")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship (PAMT)")
    PERMANENT = "permanent", _("Permanent job")


class PayUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    YEAR = "year", _("per year")


class JobStatus(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("posting status", "Published")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")
    HIDDEN = "hidden", _("Hidden by staff")


class JobPosting(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="job_postings"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    trade = models.ForeignKey(
        Trade, on_delete=models.PROTECT, related_name="postings", verbose_name=_("trade")
    )
    kind = models.CharField(_("type"), max_length=16, choices=JobKind.choices)
    region = models.CharField(_("region"), max_length=2, choices=region_choices)
    city = models.CharField(_("city"), max_length=120)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    duration = models.CharField(_("duration"), max_length=120, blank=True)
    pay_min = models.DecimalField(
        _("pay from"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    pay_max = models.DecimalField(
        _("pay to"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    pay_unit = models.CharField(_("pay unit"), max_length=8, choices=PayUnit.choices, blank=True)
    level = models.CharField(_("level of study sought"), max_length=8, choices=StudyLevel.choices)
    how_to_apply = models.TextField(_("how to apply"))
    closing_date = models.DateField(_("closing date"))
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.PUBLISHED
    )
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["closing_date", "-created_at"]
        indexes = [
            # The job board: open postings in their order, read from the index (first page
            # without a sort, the count without reading the rows); the filters after the
            # order, so a filtered count reads the index alone.
            models.Index(
                fields=[
                    "status",
                    "closing_date",
                    "-created_at",
                    "region",
                    "kind",
                    "level",
                    "trade",
                ],
                name="workforce_job_board",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pay_min__isnull=True)
                | models.Q(pay_max__isnull=True)
                | models.Q(pay_max__gte=models.F("pay_min")),
                name="workforce_job_pay_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class JobReport(models.Model):
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("posting report")
        verbose_name_plural = _("posting reports")
        ordering = ["resolved", "-created_at"]

    def __str__(self) -> str:
        return f"{self.posting} · {self.created_at:%Y-%m-%d}"


class TaxCreditParameter(models.Model):
    """A dated parameter of the Québec tax credit for internships (rates change over time)."""

    name_fr: str | None
    name_en: str | None

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("parameter"), max_length=200)
    rate_percent = models.DecimalField(
        _("rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("in force from"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("internship tax-credit parameter")
        verbose_name_plural = _("internship tax-credit parameters")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on or '?'})"


class JobAlert(Subscription):
    """A saved search of the postings (trade, region, type, level, words) that e-mails new
    matching postings; consent and delivery are those of ``aluhub.common.subscriptions``
    (double opt-in, RFC 8058 one-click unsubscribe). One address may keep several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="job_alerts",
    )
    trade = models.ForeignKey(
        Trade,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("trade"),
    )
    region = models.CharField(_("region"), max_length=2, blank=True, choices=region_choices)
    kind = models.CharField(_("type"), max_length=16, blank=True, choices=JobKind.choices)
    level = models.CharField(
        _("level of study"), max_length=8, blank=True, choices=StudyLevel.choices
    )
    q = models.CharField(_("words"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("job alert")
        verbose_name_plural = _("job alerts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "trade", "region", "kind", "level", "q"],
                name="workforce_job_alert_unique",
            )
        ]


class JobAlertDelivery(models.Model):
    """One posting sent to one alert: nothing is sent twice."""

    alert = models.ForeignKey(JobAlert, on_delete=models.CASCADE, related_name="deliveries")
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job alert delivery")
        verbose_name_plural = _("job alert deliveries")
        constraints = [
            models.UniqueConstraint(fields=["alert", "posting"], name="workforce_job_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.posting_id} -> {self.alert_id}"


# --- CeiAl training catalogue ---------------------------------------------------------
def new_certificate_code() -> str:
    """A short unguessable code for a certificate's verification URL."""
    return secrets.token_hex(8)


class CourseLevel(models.TextChoices):
    INTRO = "intro", _("Introduction")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseLanguage(models.TextChoices):
    FR = "fr", _("French")
    EN = "en", _("English")
    BOTH = "both", _("French and English")


class Course(models.Model):
    """A course of CeiAl, the cluster's training centre. A blank duration, trainer or
    price shows as unknown: never a guessed figure."""

    title_fr: str | None
    title_en: str | None
    description_fr: str | None
    description_en: str | None
    prerequisites_fr: str | None
    prerequisites_en: str | None

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    duration_hours = models.DecimalField(
        _("duration (hours)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=16, choices=CourseLevel.choices)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    language = models.CharField(
        _("language of instruction"), max_length=4, choices=CourseLanguage.choices
    )
    price_member = models.DecimalField(
        _("price for members ($)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    price_non_member = models.DecimalField(
        _("price for non-members ($)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("CeiAl course")
        verbose_name_plural = _("CeiAl courses")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title_fr or self.slug


class CourseSession(models.Model):
    """One offering of a course: dates, place or online, seats and the trainer who takes
    attendance."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    trainer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trainer (account that takes attendance)"),
    )
    attendance_taken_at = models.DateTimeField(_("attendance taken"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("CeiAl session")
        verbose_name_plural = _("CeiAl sessions")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="workforce_session_capacity"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="workforce_session_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.starts_on}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """An employee registered to a session by their organization."""

    session = models.ForeignKey(
        CourseSession, on_delete=models.CASCADE, related_name="registrations"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="course_registrations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    participant_name = models.CharField(_("participant's name"), max_length=200)
    participant_email = models.EmailField(_("participant's email address"))
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    member_price = models.BooleanField(
        _("member price"),
        null=True,
        blank=True,
        help_text=_("Whether the organization was a cluster member when it registered."),
    )
    price = models.DecimalField(
        _("price ($)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    attended = models.BooleanField(_("present"), null=True, blank=True)
    # The evaluation link of the certificate e-mail carries a value signed with SECRET_KEY
    # (selectors.evaluation_token): the database keeps no secret that opens the evaluation.
    token_version = secret_links.version_field()
    #: The SHA-256 of the clear token of the evaluation links sent before they were signed.
    legacy_token_hash = secret_links.legacy_hash_field()
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("CeiAl registration")
        verbose_name_plural = _("CeiAl registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant_email"],
                condition=~models.Q(status="cancelled"),
                name="workforce_registration_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} · {self.session}"


class Certificate(models.Model):
    """A certificate of completion, issued only to a participant marked present; its code
    is the public verification URL."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(max_length=32, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate of completion")
        verbose_name_plural = _("certificates of completion")

    def __str__(self) -> str:
        return self.code


class Evaluation(models.Model):
    """The short evaluation a participant gives after the session (once)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="evaluation"
    )
    rating = models.PositiveSmallIntegerField(_("overall satisfaction (1 to 5)"))
    useful = models.BooleanField(_("useful for my work"), null=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session evaluation")
        verbose_name_plural = _("session evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="workforce_eval_rating"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.rating}"


# --- Table de concertation tracker ----------------------------------------------------
class RecommendationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ON_HOLD = "on_hold", _("On hold")


class Recommendation(models.Model):
    """A recommendation of the diagnostic of the Table de concertation en adéquation
    formation-emploi of the aluminium industry, entered by staff with its source, its
    status (dated) and the collaboration space's initiatives that carry it out."""

    title_fr: str | None
    title_en: str | None
    detail_fr: str | None
    detail_en: str | None

    number = models.PositiveSmallIntegerField(_("number in the diagnostic"), unique=True)
    title = models.CharField(_("recommendation"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    source_title = models.CharField(_("source document"), max_length=300)
    source_url = models.URLField(_("source"), max_length=500)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.NOT_STARTED,
    )
    status_on = models.DateField(_("status as of"))
    status_note = models.TextField(_("where it stands"), blank=True)
    initiatives = models.ManyToManyField(
        "collab.Initiative",
        blank=True,
        related_name="workforce_recommendations",
        verbose_name=_("initiatives carrying it out"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("Table de concertation recommendation")
        verbose_name_plural = _("Table de concertation recommendations")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title_fr or ''}"


class RecommendationUpdate(models.Model):
    """One dated step of a recommendation's status history: the status, the date it
    applies from, who recorded it and a note. Written by ``services.recommendation_save``
    whenever the status, its date or its note changes."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=12, choices=RecommendationStatus.choices)
    status_on = models.DateField(_("status as of"))
    note = models.TextField(_("where it stands"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation status update")
        verbose_name_plural = _("recommendation status updates")
        ordering = ["-status_on", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recommendation_id} · {self.status} · {self.status_on}"
