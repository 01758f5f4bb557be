from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "aluhub.community"
    label = "community"
    verbose_name = _("News")

    def ready(self) -> None:
        from aluhub.common.subscriptions import register

        from .channels import NewsChannel

        register(NewsChannel())
