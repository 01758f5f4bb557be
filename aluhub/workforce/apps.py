from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "aluhub.workforce"
    label = "workforce"
    verbose_name = _("Workforce and trades")

    def ready(self) -> None:
        from aluhub.common import search
        from aluhub.common.subscriptions import register

        from .alerts import JobAlertsChannel
        from .models import JobPosting
        from .selectors import JOB_TOKENS

        register(JobAlertsChannel())
        # A deleted posting (the admin, a cascade from its organization) leaves no tokens.
        search.register_index(JobPosting, JOB_TOKENS)
