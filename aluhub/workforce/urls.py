from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "workforce"
urlpatterns = [
    path(_("trades/"), views.trade_index, name="trades"),
    path(_("trades/<slug:slug>/"), views.trade_detail, name="trade"),
    path(_("which-trade/"), views.quiz, name="quiz"),
    path(_("training/"), views.program_index, name="programs"),
    path(_("training/<slug:slug>/"), views.program_detail, name="program"),
    path(_("jobs/"), views.job_index, name="jobs"),
    path(_("jobs/new/"), views.job_new, name="job_new"),
    path(_("jobs/mine/"), views.job_mine, name="job_mine"),
    path(_("jobs/<int:pk>/"), views.job_detail, name="job"),
    path(_("jobs/<int:pk>/withdraw/"), views.job_withdraw, name="job_withdraw"),
    path(_("jobs/<int:pk>/report/"), views.job_report, name="job_report"),
    path(_("staff/reports/"), views.staff_reports, name="staff_reports"),
    path(_("staff/reports/<int:pk>/"), views.staff_report_resolve, name="staff_report_resolve"),
]
