"""The funding taxonomies: stable codes (shared with the matching engine and the CSV
files) and their French/English labels (msgids in English, French in the app catalogue)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    FEDERAL = "federal", _("Federal")
    PROVINCIAL = "provincial", _("Provincial")
    REGIONAL = "regional", _("Regional")
    MUNICIPAL = "municipal", _("Municipal")
    PRIVATE = "private", _("Private")
    CLUSTER = "cluster", _("Sector or cluster")


class AidType(models.TextChoices):
    GRANT = "grant", _("Grant")
    REPAYABLE_CONTRIBUTION = "repayable_contribution", _("Repayable contribution")
    LOAN = "loan", _("Loan")
    LOAN_GUARANTEE = "loan_guarantee", _("Loan guarantee")
    TAX_CREDIT = "tax_credit", _("Tax credit")
    EQUITY = "equity", _("Equity")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy")
    VOUCHER = "voucher", _("Voucher")
    ADVISORY_SERVICE = "advisory_service", _("Advisory service")
    TRAINING = "training", pgettext_lazy("aid type", "Training")
    NETWORK = "network", _("Network")


class Phase(models.TextChoices):
    STARTUP = "startup", _("Start-up")
    GROWTH = "growth", _("Growth")
    INNOVATION_RD = "innovation_rd", _("Innovation and R&D")
    PRODUCTIVITY_AUTOMATION = "productivity_automation", _("Productivity and automation")
    DIGITAL_TRANSFORMATION = "digital_transformation", _("Digital transformation")
    EXPORT = "export", pgettext_lazy("phase", "Export")
    WORKFORCE_TRAINING = "workforce_training", _("Workforce training")
    HIRING = "hiring", _("Hiring")
    SUSTAINABILITY_CIRCULAR = "sustainability_circular", _("Sustainability and circular economy")
    ENERGY_EFFICIENCY = "energy_efficiency", _("Energy efficiency")
    SUCCESSION_TRANSFER = "succession_transfer", _("Succession and transfer")
    FINANCING_CAPITAL = "financing_capital", _("Financing and capital")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro (under 10 employees)")
    SMALL = "small", _("Small (10 to 99 employees)")
    MEDIUM = "medium", _("Medium (100 to 499 employees)")
    LARGE = "large", _("Large (500 employees or more)")


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("program status", "Open")
    PAUSED = "paused", pgettext_lazy("program status", "Paused")
    CLOSED = "closed", pgettext_lazy("program status", "Closed")
    UNKNOWN = "unknown", pgettext_lazy("program status", "Unknown")


class DeadlineType(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuous intake")
    CALL = "call", _("Calls for proposals")
    ANNUAL = "annual", _("Annual deadline")
    UNKNOWN = "unknown", pgettext_lazy("deadline type", "Unknown")


class Confidence(models.TextChoices):
    HIGH = "high", _("High (official page)")
    MEDIUM = "medium", _("Medium (reputable secondary source)")
    LOW = "low", _("Low (dated or thin source)")


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class OrganizationRole(models.TextChoices):
    FUNDER = "funder", _("Funder")
    ADMINISTRATOR = "administrator", _("Administrator")


class LegalForm(models.TextChoices):
    CORPORATION = "corporation", _("Corporation")
    COOPERATIVE = "cooperative", _("Cooperative")
    NON_PROFIT = "non_profit", _("Non-profit organization")
    PARTNERSHIP = "partnership", _("Partnership")
    SOLE_PROPRIETORSHIP = "sole_proprietorship", _("Sole proprietorship")


class AmountBasis(models.TextChoices):
    PROJECT = "project", _("Per project")
    PER_UNIT = "per_unit", _("Per unit")
    PER_HIRE = "per_hire", _("Per hire")
    PER_YEAR = "per_year", _("Per year")


def label(choices: type[models.TextChoices], code: str) -> str:
    """The label of ``code`` in the active language; an unknown code is shown as is."""
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def labels(choices: type[models.TextChoices], codes: list[str] | tuple[str, ...]) -> list[str]:
    return [label(choices, c) for c in codes]
