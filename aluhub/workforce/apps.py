from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "aluhub.workforce"
    label = "workforce"
    verbose_name = "Workforce and trades"
