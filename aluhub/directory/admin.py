from django.contrib import admin

from . import services
from .models import DirectoryProfile


@admin.register(DirectoryProfile)
class DirectoryProfileAdmin(admin.ModelAdmin):
    list_display = ["organization", "role", "listed", "updated_at"]
    list_filter = ["listed", "role"]
    search_fields = ["organization__name", "city"]
    readonly_fields = ["search_public", "search_members"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        services.profile_admin_save(profile=obj)
