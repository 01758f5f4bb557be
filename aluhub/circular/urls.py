from django.urls import path

from . import views

app_name = "circular"
urlpatterns = [
    path("", views.index, name="index"),
]
