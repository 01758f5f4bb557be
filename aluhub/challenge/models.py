"""Structure-Al Challenge: editions, applications, teams, submissions and jury.

Bilingual content fields (theme, brief, criterion and prize names) are registered in
``translation.py`` (django-modeltranslation adds ``_fr``/``_en`` columns).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Basis(models.TextChoices):
    MASS = "mass", _("by mass")
    VOLUME = "volume", _("by volume")


#: Bill-of-materials scopes an edition's aluminium rule may exclude (``scope`` column).
SCOPE_LABELS = {"foundation": _("foundations")}


def scope_label(scope: str) -> str:
    """A bill-of-materials scope in the active language (a scope we do not know, as written)."""
    return str(SCOPE_LABELS.get(scope, scope))


def scope_code(written: str) -> str:
    """The scope a team meant, as the rules name it: « Fondations », "fondation" or
    "Foundations" -> "foundation" (any case, singular or plural, French or English, as the
    edition page names it); a scope we do not name, as written."""
    key = written.strip().casefold().removesuffix("s")
    for code, label in SCOPE_LABELS.items():
        names = {code}
        for lang in ("fr", "en"):
            with translation.override(lang):
                names.add(str(label))
        if key in {name.casefold().removesuffix("s") for name in names}:
            return code
    return written.strip()


class Edition(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    held = models.BooleanField(_("held"), default=True)
    is_demo = models.BooleanField(_("demo edition"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    client_brief = models.TextField(_("client brief"), blank=True)
    aluminium_rule_text = models.CharField(
        _("aluminium rule (as announced)"), max_length=300, blank=True
    )
    host_institution = models.CharField(_("host institution"), max_length=200, blank=True)
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    applications_open = models.DateTimeField(_("applications open"), null=True, blank=True)
    applications_close = models.DateTimeField(_("applications close"), null=True, blank=True)
    event_start = models.DateField(_("event starts"), null=True, blank=True)
    event_end = models.DateField(_("event ends"), null=True, blank=True)
    submission_deadline = models.DateTimeField(_("submission deadline"), null=True, blank=True)
    grace_minutes = models.PositiveIntegerField(_("grace period (minutes)"), default=0)
    applicants_count = models.PositiveIntegerField(
        _("applicants (at least)"), null=True, blank=True
    )
    selected_count = models.PositiveIntegerField(_("students selected"), null=True, blank=True)
    team_size = models.PositiveSmallIntegerField(_("team size"), null=True, blank=True)
    discipline_minimums = models.JSONField(
        _("discipline minimums"), default=dict, blank=True, help_text='{"engineering": 2}'
    )
    max_per_university = models.PositiveSmallIntegerField(
        _("max students per university in a team"), null=True, blank=True
    )
    max_teams = models.PositiveSmallIntegerField(_("max teams"), null=True, blank=True)
    aluminium_threshold_pct = models.DecimalField(
        _("minimum aluminium content (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    aluminium_basis = models.CharField(
        _("aluminium basis"), max_length=6, choices=Basis.choices, blank=True
    )
    excluded_scopes = models.JSONField(_("scopes excluded"), default=list, blank=True)
    deliverables = models.JSONField(_("deliverables"), default=list, blank=True)
    normalize_scores = models.BooleanField(_("normalize jury scores (z-scores)"), default=False)
    teams_published = models.BooleanField(_("teams published"), default=False)
    scoring_closed = models.BooleanField(_("scoring closed"), default=False)
    results_published = models.BooleanField(_("results published"), default=False)
    team_report = models.JSONField(_("last team formation report"), null=True, blank=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=2019), name="edition_year_min"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def clean(self) -> None:
        """The admin's JSON boxes in the shapes the checker and the team formation read (a
        quoted "foundation" was saved as a string, whose letters became the excluded
        scopes), and dates in order."""
        errors: dict[str, str] = {}
        scopes = self.excluded_scopes
        if scopes is not None and (
            not isinstance(scopes, list)
            or not all(isinstance(s, str) and s.strip() for s in scopes)
        ):
            errors["excluded_scopes"] = gettext(
                'A list of scopes in quotes, for example ["foundation"].'
            )
        minimums = self.discipline_minimums
        if minimums is not None and (
            not isinstance(minimums, dict)
            or not all(
                code in Discipline.values
                and isinstance(n, int)
                and not isinstance(n, bool)
                and n >= 0
                for code, n in minimums.items()
            )
        ):
            errors["discipline_minimums"] = gettext(
                "Give the disciplines engineering, architecture or design, each with a whole "
                "number (0 or more)."
            )
        opens, closes = self.applications_open, self.applications_close
        if opens and closes and closes < opens:
            errors["applications_close"] = gettext("Applications close before they open.")
        if self.event_start and self.event_end and self.event_end < self.event_start:
            errors["event_end"] = gettext("The event ends before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def excluded_scope_labels(self) -> list[str]:
        """The excluded scopes in the active language (a scope we do not know, as written)."""
        return [scope_label(scope) for scope in self.excluded_scopes or []]


class EditionMaterial(models.Model):
    """A material the organizers add for one edition, with the density and carbon factor
    of a product's environmental declaration (EPD); it extends the shipped materials table
    (aluhub/data/materials.csv) in every bill-of-materials check of that edition."""

    class Category(models.TextChoices):
        ALUMINIUM = "aluminium", _("Aluminium")
        STEEL = "steel", _("Steel")
        CONCRETE = "concrete", _("Concrete")
        TIMBER = "timber", _("Timber")
        GLASS = "glass", _("Glass")
        POLYMER = "polymer", _("Polymer")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="materials")
    code = models.SlugField(
        _("code"), max_length=60, help_text=_("What teams write in the material column.")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    density_kg_m3 = models.DecimalField(
        _("density (kg/m³)"),
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    embodied_kgco2e_per_kg = models.DecimalField(
        _("embodied carbon (kg CO2e/kg)"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_(
            "Blank when the declaration gives no figure: the carbon then shows as unknown."
        ),
    )
    source = models.CharField(
        _("source (EPD or document)"),
        max_length=500,
        blank=True,
        help_text=_("Reference or URL of the environmental product declaration."),
    )

    class Meta:
        verbose_name = _("organizers' material")
        verbose_name_plural = _("organizers' materials")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="challenge_material_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.edition.year})"

    def as_engine_input(self) -> dict[str, object]:
        """The design checker's ``materials`` entry (same keys as materials.csv)."""
        return {
            "id": self.code,
            "material": self.name,
            "category": self.category,
            "density_kg_m3": float(self.density_kg_m3),
            "embodied_kgco2e_per_kg": (
                None if self.embodied_kgco2e_per_kg is None else float(self.embodied_kgco2e_per_kg)
            ),
            "note": self.source,
        }


class Criterion(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("jury criterion")
        verbose_name_plural = _("jury criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_gt0")
        ]

    def __str__(self) -> str:
        return self.name


class Prize(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="prizes")
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "rank"], name="prize_rank_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Discipline(models.TextChoices):
    ENGINEERING = "engineering", _("Engineering")
    ARCHITECTURE = "architecture", _("Architecture")
    DESIGN = "design", _("Design")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")


#: A team name given by the formation engine in either language ("Équipe 2", "Team 2").
NUMBERED_TEAM = re.compile(r"^(?:Équipe|Team) (\d+)$")


class Team(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=100)
    average_score = models.FloatField(_("average selection score"), null=True, blank=True)
    final_rank = models.PositiveSmallIntegerField(_("final rank"), null=True, blank=True)
    final_score = models.FloatField(_("final score"), null=True, blank=True)
    ex_aequo = models.BooleanField(_("ex aequo"), default=False)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["edition", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition.year})"

    @property
    def display_name(self) -> str:
        """The name in the page's language: a numbered name given at formation ("Équipe 2",
        "Team 2") is translated; a chosen name is shown as is."""
        match = NUMBERED_TEAM.match(self.name)
        if match is None:
            return self.name
        return gettext("Team %(number)s") % {"number": match.group(1)}


class Application(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="applications")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_applications"
    )
    university = models.CharField(_("university"), max_length=120)
    program = models.CharField(_("program"), max_length=200)
    discipline = models.CharField(_("discipline"), max_length=16, choices=Discipline.choices)
    cycle = models.PositiveSmallIntegerField(
        _("cycle"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    languages = models.CharField(_("languages"), max_length=200)
    motivation = models.TextField(_("motivation"))
    cv = models.FileField(_("CV (PDF)"), upload_to="challenge/cv/%Y/", blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    selection_score = models.FloatField(
        _("selection score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    team_locked = models.BooleanField(_("locked in team"), default=False)
    is_demo = models.BooleanField(_("demo application"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the student was last e-mailed about: their team and team-mates (a digest, see
    # services.team_digest) when the teams were published, and when the results were.
    team_emailed = models.CharField(
        _("team last e-mailed"), max_length=64, blank=True, default="", editable=False
    )
    results_emailed_at = models.DateTimeField(
        _("results e-mailed at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["edition", "-selection_score", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "student"], name="application_unique"),
            models.CheckConstraint(
                condition=models.Q(cycle__gte=1) & models.Q(cycle__lte=3),
                name="application_cycle_1_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.edition.year}"


class DeliverableKind(models.TextChoices):
    CALCULATION_NOTES = "calculation_notes", _("Calculation notes and drawings (PDF)")
    BILL_OF_MATERIALS = "bill_of_materials", _("Bill of materials (CSV or XLSX)")
    PRESENTATION = "presentation", _("Presentation (PDF or PPTX)")


class Submission(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField(_("deliverable"), max_length=20, choices=DeliverableKind.choices)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="challenge/submissions/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    design_report = models.JSONField(_("design check report"), null=True, blank=True)
    design_error = models.CharField(_("design check error"), max_length=500, blank=True)
    # The error's code and parameters (uploads.BOM_ERRORS), said in the reader's language;
    # design_error keeps the sentence as the uploader read it (rows saved before the note).
    design_error_note = models.JSONField(_("design check error code"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["team", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "version"], name="submission_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.kind} v{self.version}"


class JurorAssignment(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="jurors")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_assignments"
    )

    class Meta:
        verbose_name = _("juror assignment")
        verbose_name_plural = _("juror assignments")
        constraints = [
            models.UniqueConstraint(fields=["edition", "juror"], name="juror_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.juror} @ {self.edition}"


class Conflict(models.Model):
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_conflicts"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["juror", "team"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.juror} ≠ {self.team}"


class Score(models.Model):
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_scores"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(
        _("mark"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["juror", "team", "criterion"], name="score_unique"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0) & models.Q(value__lte=10),
                name="score_value_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} {self.team} {self.criterion}: {self.value}"
