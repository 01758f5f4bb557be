from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircularConfig(AppConfig):
    name = "aluhub.circular"
    label = "circular"
    verbose_name = _("Valorization and recycling")
