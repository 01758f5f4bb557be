from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "financing"
urlpatterns = [
    # Alerts
    path(_("alerts/"), views.alert_index, name="alert_index"),
    path(_("alerts/subscribe/"), views.alert_subscribe, name="alert_subscribe"),
    path(_("alerts/my-company/"), views.company_alert, name="company_alert"),
    path(_("alerts/confirm/<str:token>/"), views.alert_confirm, name="alert_confirm"),
    path(_("alerts/unsubscribe/<str:token>/"), views.alert_unsubscribe, name="alert_unsubscribe"),
    path(_("alerts/<int:pk>/stop/"), views.alert_delete, name="alert_delete"),
    path(_("alerts/feed/"), views.SearchFeed(), name="alert_feed"),
    path(_("alerts/deadlines.ics"), views.deadlines_calendar, name="alert_calendar"),
]
