from django.urls import path
from django.utils.translation import gettext_lazy as _

from aluhub.common import subscription_views

from . import views, views_ceial
from .alerts import JOBS_CHANNEL

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
    path(_("jobs/alerts/new/"), views.alert_new, name="alert_new"),
    *subscription_views.subscription_urls(
        JOBS_CHANNEL,
        confirm=_("jobs/alerts/confirm/<str:token>/"),
        unsubscribe=_("jobs/alerts/unsubscribe/<str:token>/"),
        manage=_("jobs/alerts/settings/<str:token>/"),
    ),
    path(_("jobs/<int:pk>/"), views.job_detail, name="job"),
    path(_("jobs/<int:pk>/withdraw/"), views.job_withdraw, name="job_withdraw"),
    path(_("jobs/<int:pk>/report/"), views.job_report, name="job_report"),
    path(_("ceial/"), views_ceial.course_index, name="courses"),
    path(_("ceial/registrations/"), views_ceial.training_record, name="training_record"),
    path(
        _("ceial/registrations/<int:pk>/cancel/"),
        views_ceial.registration_cancel,
        name="registration_cancel",
    ),
    path(
        _("ceial/sessions/<int:pk>/register/"),
        views_ceial.session_register,
        name="session_register",
    ),
    path(
        _("ceial/sessions/<int:pk>/attendance/"),
        views_ceial.session_attendance,
        name="session_attendance",
    ),
    path(_("ceial/certificates/<str:code>/"), views_ceial.certificate_verify, name="certificate"),
    path(
        _("ceial/certificates/<str:code>/pdf/"),
        views_ceial.certificate_download,
        name="certificate_pdf",
    ),
    path(_("ceial/evaluation/<str:token>/"), views_ceial.evaluation, name="evaluation"),
    path(_("ceial/staff/"), views_ceial.staff_training, name="staff_training"),
    path(_("ceial/staff/courses/new/"), views_ceial.course_new, name="course_new"),
    path(_("ceial/staff/courses/<slug:slug>/"), views_ceial.course_edit, name="course_edit"),
    path(
        _("ceial/staff/courses/<slug:slug>/sessions/new/"),
        views_ceial.session_new,
        name="session_new",
    ),
    path(_("ceial/staff/sessions/<int:pk>/"), views_ceial.session_edit, name="session_edit"),
    path(_("ceial/<slug:slug>/"), views_ceial.course_detail, name="course"),
    path(_("table/"), views.recommendation_index, name="recommendations"),
    path(_("table/new/"), views.recommendation_new, name="recommendation_new"),
    path(_("table/<int:pk>/edit/"), views.recommendation_edit, name="recommendation_edit"),
    path(_("staff/reports/"), views.staff_reports, name="staff_reports"),
    path(_("staff/reports/<int:pk>/"), views.staff_report_resolve, name="staff_report_resolve"),
]
