from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, Establishment, Membership, Organization, RoleRequest, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "role",
        "email_verified_at",
        "is_active",
        "is_demo",
    ]
    list_filter = ["role", "is_active", "is_staff", "is_demo"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal information"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (
            _("Role and access"),
            {
                "fields": (
                    "role",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Dates"), {"fields": ("email_verified_at", "last_login", "date_joined", "is_demo")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "role")}),
    )


class EstablishmentInline(admin.TabularInline):
    model = Establishment
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "neq", "region", "employees", "is_cluster_member", "is_demo"]
    list_filter = ["kind", "region", "is_cluster_member", "is_demo"]
    search_fields = ["name", "neq"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [EstablishmentInline, MembershipInline]

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        services.organization_admin_save(organization=obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "token_hash", "created_at", "last_used_at"]
    search_fields = ["user__email", "name"]


@admin.register(RoleRequest)
class RoleRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "status", "created_at", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["user__email"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]
