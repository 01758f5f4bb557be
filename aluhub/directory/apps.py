from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "aluhub.directory"
    label = "directory"
    verbose_name = _("Member directory")

    def ready(self) -> None:
        from aluhub.common import search

        from .models import DirectoryProfile
        from .selectors import TOKEN_KINDS

        # A deleted profile (the admin, a cascade from its organization) leaves no tokens.
        search.register_index(DirectoryProfile, *TOKEN_KINDS.values())
