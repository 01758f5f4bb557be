from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "aluhub.workforce"
    label = "workforce"
    verbose_name = "Workforce and trades"

    def ready(self) -> None:
        from aluhub.common.subscriptions import register

        from .alerts import JobAlertsChannel

        register(JobAlertsChannel())
