from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "circular"
urlpatterns = [
    path("", views.index, name="index"),
    path(_("grades/"), views.grades, name="grades"),
    path(_("impact/"), views.impact, name="impact"),
    path(_("exchange/"), views.listings, name="listings"),
    path(_("exchange/mine/"), views.mine, name="mine"),
    path(_("exchange/new/"), views.listing_new, name="listing_new"),
    path(_("exchange/<int:pk>/"), views.listing_detail, name="listing"),
    path(_("exchange/<int:pk>/edit/"), views.listing_edit, name="listing_edit"),
    path(_("exchange/<int:pk>/status/"), views.listing_status, name="listing_status"),
    path(_("exchange/<int:pk>/photos/<int:photo_pk>/"), views.listing_photo, name="listing_photo"),
    path(_("exchange/<int:pk>/photos/add/"), views.listing_photos_add, name="listing_photos_add"),
    path(
        _("exchange/<int:pk>/photos/<int:photo_pk>/remove/"),
        views.listing_photo_delete,
        name="listing_photo_delete",
    ),
    path(_("exchange/<int:pk>/contact/"), views.contact_new, name="contact_new"),
    path(_("contacts/<int:pk>/"), views.contact_detail, name="contact"),
    path(_("contacts/<int:pk>/decide/"), views.contact_decide, name="contact_decide"),
    path(_("charge-optimizer/"), views.optimizer, name="optimizer"),
]
