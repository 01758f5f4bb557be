from django.urls import path
from django.utils.translation import gettext_lazy as _

from aluhub.common import subscription_views

from . import views
from .channels import NEWS_CHANNEL

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("rss/", views.CategoryFeed(), name="feed"),
    path("rss/<str:category>/", views.CategoryFeed(), name="feed_category"),
    path(_("subscribe/"), views.subscribe, name="subscribe"),
    *subscription_views.subscription_urls(
        NEWS_CHANNEL,
        confirm=_("subscribe/confirm/<str:token>/"),
        unsubscribe=_("unsubscribe/<str:token>/"),
        manage=_("subscribe/settings/<str:token>/"),
    ),
    path(_("new/"), views.bulletin_new, name="bulletin_new"),
    path("<slug:slug>/", views.detail, name="detail"),
]
