from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "challenge"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.edition_detail, name="edition"),
    path(_("<int:year>/apply/"), views.apply, name="apply"),
    path(_("<int:year>/certificate/"), views.certificate, name="certificate"),
    path(_("<int:year>/jury/"), views.jury_home, name="jury"),
    path(_("<int:year>/my-students/"), views.teacher_students, name="teacher_students"),
    path(
        _("<int:year>/manage/applications/"),
        views.manage_applications,
        name="manage_applications",
    ),
    path(_("<int:year>/manage/teams/"), views.manage_teams, name="manage_teams"),
    path(_("<int:year>/manage/jury/"), views.manage_jury, name="manage_jury"),
    path(_("my/"), views.my_challenge, name="my"),
    path(_("applications/<int:pk>/"), views.application_detail, name="application"),
    path(_("applications/<int:pk>/cv/"), views.application_cv, name="application_cv"),
    path(_("applications/<int:pk>/decide/"), views.application_decide, name="decide"),
    path(_("applications/<int:pk>/lock/"), views.application_lock, name="lock"),
    path(_("teams/<int:pk>/"), views.team_detail, name="team"),
    path(_("teams/<int:pk>/score/"), views.score_sheet, name="score"),
    path(_("teams/<int:pk>/conflict/"), views.conflict_declare, name="conflict"),
    path(_("submissions/<int:pk>/"), views.submission_file, name="submission_file"),
]
