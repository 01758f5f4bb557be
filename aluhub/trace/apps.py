from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceConfig(AppConfig):
    name = "aluhub.trace"
    label = "trace"
    verbose_name = _("Traceability")

    def ready(self) -> None:
        from aluhub.common import search

        from .models import Lot
        from .selectors import LOT_TOKENS

        # A deleted lot leaves no tokens in the lot list's search index.
        search.register_index(Lot, LOT_TOKENS)
