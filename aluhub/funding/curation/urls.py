"""Curation pages, mounted in the ``funding`` namespace (``funding:proposal_list`` ...)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
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
