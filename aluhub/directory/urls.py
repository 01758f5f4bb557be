from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path(_("find-suppliers/"), views.find_suppliers, name="find_suppliers"),
    path(_("export.<str:fmt>"), views.export, name="export"),
    path("<slug:slug>/", views.detail, name="detail"),
    path(_("<slug:slug>/edit/"), views.edit, name="edit"),
]
