from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "aluhub.collab"
    label = "collab"
    verbose_name = _("Collaboration space")

    def ready(self) -> None:
        from aluhub.common.subscriptions import register

        from .channels import EventAlertsChannel

        register(EventAlertsChannel())
