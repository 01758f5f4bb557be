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
    # Financing plans
    path(_("plans/"), views.plan_list, name="plan_list"),
    path(_("plans/new/"), views.plan_create, name="plan_create"),
    path(_("plans/<int:pk>/"), views.plan_detail, name="plan_detail"),
    path(_("plans/<int:pk>/rerun/"), views.plan_rerun, name="plan_rerun"),
    path(_("plans/<int:pk>/delete/"), views.plan_delete, name="plan_delete"),
    path(_("plans/<int:pk>/export/<str:fmt>/"), views.plan_export, name="plan_export"),
    # Application tracking
    path(_("tracking/"), views.application_list, name="application_list"),
    path(_("tracking/new/"), views.application_create, name="application_create"),
    path(_("tracking/<int:pk>/"), views.application_edit, name="application_edit"),
    path(_("tracking/<int:pk>/delete/"), views.application_delete, name="application_delete"),
    path(_("tracking/dashboard/"), views.dashboard, name="dashboard"),
    path(_("tracking/dashboard/export.csv"), views.dashboard_export, name="dashboard_export"),
    # Curation
    path(_("proposals/"), views.proposal_list, name="proposal_list"),
    path(_("proposals/new/"), views.proposal_create, name="proposal_create"),
    path(_("proposals/edit/<slug:slug>/"), views.proposal_create, name="proposal_edit"),
    path(_("proposals/<int:pk>/"), views.proposal_detail, name="proposal_detail"),
    path(_("proposals/<int:pk>/review/"), views.proposal_review, name="proposal_review"),
    path(_("curation/stale/"), views.stale_report, name="stale_report"),
    path(_("curation/import/"), views.import_index, name="import_index"),
    path(_("curation/import/<int:pk>/"), views.import_detail, name="import_detail"),
]
