from django.urls import path

from . import views

app_name = "innovation"
urlpatterns = [
    path("", views.index, name="index"),
]
