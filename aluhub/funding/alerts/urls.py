"""Alert pages, mounted in the ``funding`` namespace (``funding:alert_index`` ...)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from aluhub.common import subscription_views

from . import views
from .services import ALERTS_CHANNEL

urlpatterns = [
    path(_("alerts/"), views.alert_index, name="alert_index"),
    path(_("alerts/subscribe/"), views.alert_subscribe, name="alert_subscribe"),
    path(_("alerts/my-company/"), views.company_alert, name="company_alert"),
    *subscription_views.subscription_urls(
        ALERTS_CHANNEL,
        confirm=_("alerts/confirm/<str:token>/"),
        unsubscribe=_("alerts/unsubscribe/<str:token>/"),
        manage=_("alerts/settings/<str:token>/"),
    ),
    path(_("alerts/<int:pk>/stop/"), views.alert_delete, name="alert_delete"),
    path(_("alerts/feed/"), views.SearchFeed(), name="alert_feed"),
    path(_("alerts/deadlines.ics"), views.deadlines_calendar, name="alert_calendar"),
]
