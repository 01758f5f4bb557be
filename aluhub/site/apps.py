from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site shell: home, pillar and footer pages, health check, error pages, and the
    commands that set a site up (reference data, demo content, search reindex) by calling
    every app's plug-ins. Label ``site``: Django's own sites framework is ``sites``."""

    name = "aluhub.site"
    label = "site"
    verbose_name = _("Site")
