from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "aluhub.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from aluhub.common.subscriptions import register

        from .alerts.channel import FundingAlertsChannel

        register(FundingAlertsChannel())
