from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingPlansConfig(AppConfig):
    name = "aluhub.funding_plans"
    label = "funding_plans"
    verbose_name = _("Financing plans and application tracking")
