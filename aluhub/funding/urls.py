from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .alerts import urls as alerts_urls
from .curation import urls as curation_urls

app_name = "funding"
urlpatterns = [
    path("", views.finder, name="finder"),
    path(_("programs/<slug:slug>/"), views.program_detail, name="program_detail"),
    path(_("export/<str:fmt>/"), views.programs_export, name="export"),
    path(_("export-support/"), views.support_directory, name="support"),
    path(_("export-support/export/<str:fmt>/"), views.support_export, name="support_export"),
    path(_("for-my-company/"), views.my_programs, name="my_programs"),
    *alerts_urls.urlpatterns,
    *curation_urls.urlpatterns,
]
