"""The funding catalogue: programs with structured eligibility, who runs them, their
change history, and the export-support organizations.

Codes (level, aid types, phases, sizes, statuses ...) are those of
:mod:`aluhub.funding.taxonomy`, shared with the matching engine. Amounts are CAD, shares
are percent (0-100). A blank stays blank: ``None`` / empty list means "not stated by the
source", except ``regions`` where an empty list means all of Québec.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common.regions import REGION_CODES

from .taxonomy import (
    AmountBasis,
    Confidence,
    DeadlineType,
    Level,
    OrganizationRole,
    Publication,
    Status,
)

#: A program whose facts were last verified more than this many days ago is flagged stale.
STALE_AFTER_DAYS = 180


class SectorFocus(models.TextChoices):
    """Sectors a program is made for (the keys of the matching engine's ``SECTOR_NAICS``,
    the values used in criteria.csv)."""

    ALUMINIUM = "aluminium", _("Aluminium")
    AEROSPACE = "aerospace", _("Aerospace")


def validate_region_codes(value: Any) -> None:
    """A list of distinct Québec administrative region codes, "01" to "17"."""
    if not isinstance(value, list):
        raise ValidationError(_("Enter a list of region codes."), code="invalid")
    bad = [code for code in value if not isinstance(code, str) or code not in REGION_CODES]
    if bad:
        raise ValidationError(
            _('Unknown region codes: %(codes)s (use "01" to "17").'),
            code="invalid",
            params={"codes": ", ".join(str(code) for code in bad)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A region code is repeated."), code="invalid")


def official_english_name_field() -> models.CharField[str, str]:
    """A body's official English name next to its one (French) name: funders and
    export-support organizations alike."""
    return models.CharField(
        _("English name"),
        max_length=255,
        blank=True,
        help_text=_(
            "The body's official English name, only where it is certain (federal bodies "
            "publish both); empty: English pages show the one name, marked as French."
        ),
    )


class OfficialNames:
    """A body's one (French) ``name`` and its ``name_en`` (:func:`official_english_name_field`):
    funders and export-support organizations alike."""

    name: str
    name_en: str

    def name_in(self, lang: str) -> str:
        """The name an ``lang`` page shows: the English name on English pages when known."""
        return self.name_en if lang == "en" and self.name_en else self.name


class FundingOrganization(OfficialNames, models.Model):
    """A body that funds or administers programs (a ministry, Investissement Québec ...)."""

    # The catalogue's one name column (French, as the sources give it).
    name = models.CharField(_("name"), max_length=255, unique=True)
    name_en = official_english_name_field()
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    url = models.URLField(_("website"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("funding organization")
        verbose_name_plural = _("funding organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    # Columns added by modeltranslation (translation.py), declared for type checkers.
    name_fr: str | None
    name_en: str | None
    summary_fr: str | None
    summary_en: str | None
    other_conditions_fr: str | None
    other_conditions_en: str | None
    status_note_fr: str | None
    status_note_en: str | None

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    organizations: models.ManyToManyField[FundingOrganization, ProgramOrganization] = (
        models.ManyToManyField(
            FundingOrganization,
            through="ProgramOrganization",
            related_name="programs",
            verbose_name=pgettext_lazy("program", "organizations"),
            blank=True,
        )
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    aid_types = models.JSONField(_("aid types"), default=list, blank=True)
    phases = models.JSONField(_("development phases"), default=list, blank=True)

    # Structured eligibility (None / [] = not stated).
    eligible_sizes = models.JSONField(_("eligible size classes"), default=list, blank=True)
    employees_min = models.PositiveIntegerField(_("employees, minimum"), null=True, blank=True)
    employees_max = models.PositiveIntegerField(_("employees, maximum"), null=True, blank=True)
    revenue_min_cad = models.DecimalField(
        _("revenue, minimum (CAD)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    revenue_max_cad = models.DecimalField(
        _("revenue, maximum (CAD)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    years_in_business_min = models.PositiveSmallIntegerField(
        _("years in business, minimum"), null=True, blank=True
    )
    years_in_business_max = models.PositiveSmallIntegerField(
        _("years in business, under"),
        null=True,
        blank=True,
        help_text=_("Exclusive bound: the business must be younger than this many years."),
    )
    founder_age_min = models.PositiveSmallIntegerField(
        _("founder age, minimum"), null=True, blank=True
    )
    founder_age_max = models.PositiveSmallIntegerField(
        _("founder age, maximum"), null=True, blank=True
    )
    regions = models.JSONField(
        _("regions"),
        default=list,
        blank=True,
        help_text=_('Region codes "01" to "17"; empty means all of Québec.'),
    )
    regions_excluded = models.JSONField(
        _("regions excluded"),
        default=list,
        blank=True,
        validators=[validate_region_codes],
        help_text=_('Region codes "01" to "17" where the program is not offered.'),
    )
    naics_prefixes_allowed = models.JSONField(_("NAICS prefixes allowed"), default=list, blank=True)
    naics_prefixes_excluded = models.JSONField(
        _("NAICS prefixes excluded"), default=list, blank=True
    )
    legal_forms = models.JSONField(_("legal forms"), default=list, blank=True)
    sector_focus = models.CharField(
        _("sector focus"),
        max_length=16,
        choices=SectorFocus.choices,
        blank=True,
        help_text=_("The sector the program is made for (ranking only, not eligibility)."),
    )
    requires_export_project = models.BooleanField(_("requires an export project"), default=False)
    project_cost_min_cad = models.DecimalField(
        _("project cost, minimum (CAD)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    other_conditions = models.TextField(_("other conditions"), blank=True)
    public_aid_cap_pct = models.DecimalField(
        _("public aid cap (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    criteria_evidence = models.TextField(
        _("criteria evidence"),
        blank=True,
        help_text=_("Where the structured criteria come from (a sentence of the source)."),
    )

    # Money.
    max_amount_cad = models.DecimalField(
        _("maximum amount (CAD)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    amount_min_cad = models.DecimalField(
        _("minimum amount (CAD)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    amount_basis = models.CharField(
        _("amount basis"), max_length=16, choices=AmountBasis.choices, default=AmountBasis.PROJECT
    )
    amount_per_unit_cad = models.DecimalField(
        _("amount per unit (CAD)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The program's money per intern, hire or year (amount basis not per project)."),
    )
    cost_share_pct = models.DecimalField(
        _("cost share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    cost_share_pct_large_firm = models.DecimalField(
        _("cost share for large firms (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    plan_instrument = models.CharField(_("financing-plan instrument"), max_length=32, blank=True)

    # Status and intake.
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.UNKNOWN
    )
    status_note = models.TextField(_("status note"), blank=True)
    status_as_of = models.DateField(_("status as of"), null=True, blank=True)
    deadline_type = models.CharField(
        _("deadline type"), max_length=16, choices=DeadlineType.choices, default="unknown"
    )
    intake_windows = models.JSONField(
        _("intake windows"),
        default=list,
        blank=True,
        help_text=_('A list of {"opens": "YYYY-MM-DD", "closes": "YYYY-MM-DD"}.'),
    )

    # Sources.
    url = models.URLField(_("official page"), max_length=500, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    evidence_confidence = models.CharField(
        _("evidence confidence"), max_length=8, choices=Confidence.choices, default="low"
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.DRAFT
    )
    # Precomputed by services (aluhub.funding.search): stems of the texts, and facet keys.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_name = models.TextField(editable=False, blank=True, default="")
    facet_keys = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("funding program")
        verbose_name_plural = _("funding programs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost_share_pct__isnull=True)
                | models.Q(cost_share_pct__gte=0, cost_share_pct__lte=100),
                name="program_cost_share_is_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(employees_min__isnull=True)
                | models.Q(employees_max__isnull=True)
                | models.Q(employees_min__lte=models.F("employees_max")),
                name="program_employees_range_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "status"]),
            # The search snapshot's version check reads max(updated_at) from this index.
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stale(self) -> bool:
        return is_stale(self.last_verified)


def is_stale(last_verified: date | None, today: date | None = None) -> bool:
    if last_verified is None:
        return True
    today = today or timezone.localdate()
    return today - last_verified > timedelta(days=STALE_AFTER_DAYS)


class ProgramOrganization(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey(
        FundingOrganization, on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=OrganizationRole.choices)

    class Meta:
        verbose_name = _("program organization")
        verbose_name_plural = _("program organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organization", "role"], name="program_organization_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.role})"


class ProgramChange(models.Model):
    """One save of a program: who, when, and each changed field as [old, new]."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    source = models.CharField(_("origin"), max_length=32, blank=True)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("program change")
        verbose_name_plural = _("program changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.program.slug} @ {self.changed_at:%Y-%m-%d %H:%M}"

    @property
    def fields(self) -> list[str]:
        return sorted(self.changes)


class SupportOrganization(OfficialNames, models.Model):
    """An export-support organization (an ORPEX or a province-wide body)."""

    services_fr: str | None
    services_en: str | None

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # The shared file's one name column (French, as the sources give it).
    name = models.CharField(_("name"), max_length=255)
    name_en = official_english_name_field()
    regions = models.JSONField(
        _("regions served"),
        default=list,
        blank=True,
        help_text=_("Region codes; empty means all of Québec."),
    )
    services = models.TextField(_("services"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    evidence_confidence = models.CharField(
        _("evidence confidence"), max_length=8, choices=Confidence.choices, default="low"
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("export-support organization")
        verbose_name_plural = _("export-support organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def serves_all_quebec(self) -> bool:
        return not self.regions


# The alert and curation models belong to this app; importing them here registers them.
from aluhub.funding.alerts.models import AlertDelivery, AlertSubscription  # noqa: E402, F401
from aluhub.funding.curation.models import (  # noqa: E402, F401
    ImportBatch,
    ImportRow,
    LinkCheck,
    ProgramProposal,
)
