from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "trace"
urlpatterns = [
    path("", views.index, name="index"),
    path(_("sites/<int:pk>/"), views.site_detail, name="site"),
    path(_("sites/<int:pk>/settings/"), views.site_settings, name="site_settings"),
    path(_("sites/<int:pk>/report.<str:fmt>"), views.site_report, name="site_report"),
    path(_("sites/<int:pk>/cbam.<str:fmt>"), views.site_cbam, name="site_cbam"),
    path(_("cluster/"), views.cluster, name="cluster"),
    path(_("sites/<int:pk>/receipt/"), views.receipt_new, name="receipt_new"),
    path(_("sites/<int:pk>/transformation/"), views.transform_new, name="transform_new"),
    path(_("lots/"), views.lot_list, name="lots"),
    path(_("lots/<int:pk>/"), views.lot_detail, name="lot"),
    path(_("lots/<int:pk>/certificate/"), views.lot_certificate, name="lot_certificate"),
    path(_("lots/<int:pk>/ship/"), views.lot_ship, name="lot_ship"),
    path(_("melt/"), views.melt_new, name="melt_new"),
    path(_("events/<int:pk>/correct/"), views.event_correct, name="event_correct"),
    path(_("exchange/<int:pk>/ship/"), views.transfer_ship, name="transfer_ship"),
    path(_("transfers/<int:pk>/confirm/"), views.transfer_confirm, name="transfer_confirm"),
    path(_("shipments/<int:pk>/declaration/"), views.declaration, name="declaration"),
    path("v/<str:code>/", views.verify, name="verify"),
]
