from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .feeds import NewResourcesFeed

app_name = "learning"
urlpatterns = [
    path("", views.index, name="index"),
    path(_("feed.xml"), NewResourcesFeed(), name="feed"),
    path(_("resources/new/"), views.resource_upload, name="upload"),
    path(_("resources/<slug:slug>/"), views.resource_detail, name="resource"),
    path(_("resources/<slug:slug>/download/"), views.resource_download, name="download"),
    path(
        _("resources/<slug:slug>/download/v<int:number>/"),
        views.resource_download,
        name="download_version",
    ),
    path(_("resources/<slug:slug>/preview.png"), views.resource_thumbnail, name="thumbnail"),
    path(_("resources/<slug:slug>/rate/"), views.resource_rate, name="rate"),
    path(_("resources/<slug:slug>/report/"), views.resource_report, name="report"),
    path(
        _("resources/<slug:slug>/add/"), views.resource_add_to_collection, name="add_to_collection"
    ),
    path(_("resources/<slug:slug>/status/"), views.resource_status, name="status"),
    path(_("resources/<slug:slug>/version/"), views.resource_new_version, name="new_version"),
    path(_("teacher/"), views.teacher_apply, name="teacher_apply"),
    path(_("course-packs/"), views.collection_list, name="collections"),
    path(_("course-packs/<int:pk>/"), views.collection_detail, name="collection"),
    path(_("course-packs/<int:pk>/edit/"), views.collection_edit, name="collection_edit"),
    path(_("shared/<str:token>/"), views.collection_shared, name="collection_shared"),
    path(_("staff/teachers/"), views.staff_teachers, name="staff_teachers"),
    path(_("staff/teachers/<int:pk>/"), views.staff_teacher_decide, name="staff_teacher_decide"),
    path(_("staff/reports/"), views.staff_reports, name="staff_reports"),
    path(_("staff/reports/<int:pk>/"), views.staff_report_resolve, name="staff_report_resolve"),
]
