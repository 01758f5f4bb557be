# mypy: disable-error-code="django-manager-missing"
# (modeltranslation managers, as for every aluhub.*.models module in pyproject.toml)
"""Partner initiatives: partners, timeline, indicators, calls for partners."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .groups import WorkingGroup
from .searchable import Searchable

# --- partner initiatives -----------------------------------------------------------------


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", pgettext_lazy("initiative status", "Active")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")


class Initiative(Searchable):
    """An initiative carried with partner organizations (title and summary bilingual).

    ``progress_pct`` is the progress of the latest dated update (blank = unknown). A
    "call for partners" is open while ``call_open`` is true and ``call_closes_on`` (if
    any) has not passed; members answer it with an :class:`ExpressionOfInterest`.
    """

    SEARCH_FIELDS = ("title_fr", "title_en", "summary_fr", "summary_en")

    # Columns added by modeltranslation (translation.py), declared for type checkers.
    title_fr: str | None
    title_en: str | None
    call_text_fr: str | None
    call_text_en: str | None

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.IDEA
    )
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    working_group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
        verbose_name=_("working group"),
    )
    programs = models.ManyToManyField(
        "funding.Program",
        blank=True,
        related_name="collab_initiatives",
        verbose_name=_("funding programs"),
    )
    call_open = models.BooleanField(_("call for partners open"), default=False)
    call_text = models.TextField(_("call for partners"), blank=True)
    call_closes_on = models.DateField(_("call closes on"), null=True, blank=True)
    published = models.BooleanField(pgettext_lazy("initiative", "published"), default=True)
    source_url = models.URLField(_("source"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner initiative")
        verbose_name_plural = _("partner initiatives")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_pct__isnull=True) | models.Q(progress_pct__lte=100),
                name="collab_initiative_progress_range",
            )
        ]

    def search_extra(self) -> list[str]:
        """The partners' names (``initiative_partner_set`` saves the document again)."""
        if self.pk is None:
            return []
        return list(self.partners.values_list("organization__name", flat=True))

    def __str__(self) -> str:
        return self.title

    def call_is_open(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.call_open and (self.call_closes_on is None or self.call_closes_on >= day)  # type: ignore[operator]


class InitiativePartner(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="collab_initiatives",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=8, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )

    class Meta:
        verbose_name = _("initiative partner")
        verbose_name_plural = _("initiative partners")
        ordering = ["role", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organization"], name="collab_initiative_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.initiative} ({self.role})"


class InitiativeUpdate(models.Model):
    """One dated entry of an initiative's timeline (what happened, progress then)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    text = models.TextField(_("update"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("initiative update")
        verbose_name_plural = _("initiative updates")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_pct__isnull=True) | models.Q(progress_pct__lte=100),
                name="collab_initiative_update_progress_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.on}"


class LiveSource(models.TextChoices):
    """Indicators AluHub computes itself (see ``selectors_initiatives.LIVE_SOURCES``)."""

    SCRAP_LISTED_T = "scrap_listed_t", _("Scrap offered on the exchange (t)")
    SCRAP_EXCHANGED_T = "scrap_exchanged_t", _("Scrap exchanged on the exchange (t)")
    SCRAP_MATCHED_T = "scrap_matched_t", _("Scrap offers with an accepted contact (t)")
    CHARGES_OPTIMIZED = "charges_optimized", _("Feasible charges from the charge optimizer")
    RECYCLED_SHIPPED_T = "recycled_shipped_t", _("Recycled content shipped this year (t)")


class Indicator(models.Model):
    """An indicator of an initiative: live (``live_source`` set) or entered (its values)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    live_source = models.CharField(
        _("computed by AluHub from"), max_length=24, choices=LiveSource.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return bool(self.live_source)


class IndicatorValue(models.Model):
    """An entered value of an indicator, with its date and its source."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    measured_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["-measured_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class ExpressionOfInterest(models.Model):
    """A member organization's answer to an initiative's call for partners."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="expressions_of_interest"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(
        _("proposed role"), max_length=8, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organization"], name="collab_interest_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.initiative}"
