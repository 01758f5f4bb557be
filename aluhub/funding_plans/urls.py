from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "funding_plans"
urlpatterns = [
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
]
