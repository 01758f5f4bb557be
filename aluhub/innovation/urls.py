from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "innovation"
urlpatterns = [
    path("", views.index, name="index"),
    path(_("self-assessment/"), views.assessment_new, name="assessment_new"),
    path(_("self-assessment/history/"), views.assessment_history, name="assessment_history"),
    path(_("self-assessment/<int:pk>/"), views.assessment_detail, name="assessment_detail"),
    path(_("self-assessment/<int:pk>/pdf/"), views.assessment_pdf, name="assessment_pdf"),
    path(_("requests/"), views.request_list, name="request_list"),
    path(_("requests/new/"), views.request_new, name="request_new"),
    path(_("requests/<int:pk>/"), views.request_detail, name="request_detail"),
    path(_("requests/<int:pk>/messages/"), views.request_message, name="request_message"),
    path(_("requests/<int:pk>/files/"), views.request_files, name="request_files"),
    path(
        _("requests/<int:pk>/files/<int:file_pk>/"),
        views.request_attachment,
        name="request_attachment",
    ),
    path(_("requests/<int:pk>/triage/"), views.request_triage, name="request_triage"),
    path(_("requests/<int:pk>/identity/"), views.request_identity, name="request_identity"),
    path(_("requests/<int:pk>/assign/"), views.request_assign, name="request_assign"),
    path(_("requests/<int:pk>/status/"), views.request_status, name="request_status"),
    path(_("requests/<int:pk>/rating/"), views.request_rate, name="request_rate"),
    path(_("experts/"), views.expert_list, name="expert_list"),
    path(_("dashboard/"), views.dashboard, name="dashboard"),
    path(_("dashboard/requests.csv"), views.dashboard_csv, name="dashboard_csv"),
]
