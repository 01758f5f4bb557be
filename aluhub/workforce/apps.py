from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "aluhub.workforce"
    label = "workforce"
    verbose_name = _("Workforce and trades")

    def ready(self) -> None:
        from aluhub.common.subscriptions import register

        from .alerts import JobAlertsChannel

        register(JobAlertsChannel())
