from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import services
from .models import (
    Collection,
    CollectionItem,
    ErrorReport,
    Rating,
    Resource,
    ResourceVersion,
    TeacherProfile,
)


class VersionInline(admin.TabularInline):
    model = ResourceVersion
    extra = 0
    fields = ["number", "file", "file_kind", "size_bytes", "note", "created_at"]
    readonly_fields = ["number", "file", "file_kind", "size_bytes", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # New files go through the upload page, which checks type and size.
        return False


@admin.register(Resource)
class ResourceAdmin(TranslationAdmin):
    list_display = ["title", "type", "level", "access", "status", "download_count", "is_demo"]
    list_filter = ["status", "type", "level", "access", "language", "is_demo"]
    search_fields = ["title_fr", "title_en", "slug"]
    filter_horizontal = ["disciplines", "topics", "organizations"]
    readonly_fields = ["download_count", "published_at"]
    inlines = [VersionInline]

    def save_related(
        self, request: HttpRequest, form: object, formsets: object, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        services.resource_reindex(resource=form.instance)  # type: ignore[attr-defined]


@admin.action(description=_("Verify the selected teachers"))
def verify_teachers(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[TeacherProfile]
) -> None:
    for profile in queryset:
        services.teacher_decide(profile=profile, staff=request.user, verified=True)  # type: ignore[arg-type]
    messages.success(request, _("Teachers verified."))


@admin.register(TeacherProfile)
class TeacherProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "status", "verified_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "institution"]
    readonly_fields = ["verified_by", "decided_at"]
    actions = [verify_teachers]


class ItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "updated_at"]
    inlines = [ItemInline]


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["resource", "status", "reporter", "created_at"]
    list_filter = ["status"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["resource", "user", "stars", "updated_at"]
