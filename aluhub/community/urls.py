from django.urls import path
from django.utils.translation import gettext_lazy as _

from aluhub.common import subscription_views

from . import views
from .channels import NEWS_CHANNEL

NEWS = {"channel": NEWS_CHANNEL}

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("rss/", views.CategoryFeed(), name="feed"),
    path("rss/<str:category>/", views.CategoryFeed(), name="feed_category"),
    path(_("subscribe/"), views.subscribe, name="subscribe"),
    # The shared subscription pages (aluhub/common/subscription_views.py), news channel.
    path(
        _("subscribe/confirm/<str:token>/"),
        subscription_views.confirm_view,
        NEWS,
        name="confirm",
    ),
    path(
        _("unsubscribe/<str:token>/"), subscription_views.unsubscribe_view, NEWS, name="unsubscribe"
    ),
    path(_("subscribe/settings/<str:token>/"), subscription_views.manage_view, NEWS, name="manage"),
    path(_("new/"), views.bulletin_new, name="bulletin_new"),
    path("<slug:slug>/", views.detail, name="detail"),
]
