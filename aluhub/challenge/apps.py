from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengeConfig(AppConfig):
    name = "aluhub.challenge"
    label = "challenge"
    verbose_name = _("Structure-Al Challenge")
