from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("rss/", views.CategoryFeed(), name="feed"),
    path("rss/<str:category>/", views.CategoryFeed(), name="feed_category"),
    path(_("subscribe/"), views.subscribe, name="subscribe"),
    path(_("subscribe/confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
    path(_("new/"), views.bulletin_new, name="bulletin_new"),
    path("<slug:slug>/", views.detail, name="detail"),
]
