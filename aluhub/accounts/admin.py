from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import RevokesApiTokensMixin
from .models import (
    ApiToken,
    Establishment,
    Membership,
    MembershipRole,
    Organization,
    RoleRequest,
    User,
)


class AdminSetPasswordForm(RevokesApiTokensMixin, AdminPasswordChangeForm):
    """Staff set a person's password: their API tokens are revoked (docs/accounts.md)."""


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = AdminSetPasswordForm  # revokes the person's API tokens
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

    def _delete_refused(self, request: HttpRequest, user_ids: list[int]) -> bool:
        """Whether deleting these accounts would leave an organization without its owner (the
        last-owner rule); if so, says which. Asked before the confirmation page, so that
        the page is not offered for a deletion that will be refused."""
        try:
            services.users_delete_check(user_ids=user_ids)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return True
        return False

    # The deletion itself checks again, in the admin's transaction (services.users_delete):
    # the rule holds against another deletion made since the confirmation page.
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        services.users_delete(user_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        services.users_delete(user_ids=[u.pk for u in queryset])

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        user = self.get_object(request, unquote(object_id))
        if user is None:
            return super().delete_view(request, object_id, extra_context)
        back = HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))
        if request.method != "POST" and self._delete_refused(request, [user.pk]):
            return back
        try:
            # On POST the admin's transaction (its deletion log too) rolls back on a refusal.
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return back

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = dict(super().get_actions(request))
        if actions.get("delete_selected"):
            delete_selected, name, description = actions["delete_selected"]

            def delete_checked(
                modeladmin: UserAdmin, request: HttpRequest, queryset: QuerySet[User]
            ) -> Any:
                confirmed = bool(request.POST.get("post"))
                if not confirmed and modeladmin._delete_refused(request, [u.pk for u in queryset]):
                    return None
                try:
                    # One transaction for the deletion log and the deletion (refused: neither).
                    with transaction.atomic():
                        return delete_selected(modeladmin, request, queryset)
                except ValidationError as exc:
                    modeladmin.message_user(request, " ".join(exc.messages), messages.ERROR)
                    return None

            actions["delete_selected"] = (delete_checked, name, description)
        return actions


class EstablishmentInline(admin.TabularInline):
    model = Establishment
    extra = 0


class MembershipInlineFormSet(BaseInlineFormSet):
    """An organization's memberships in the admin keep the last-owner rule of the pages."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        leaving: set[int] = set()
        joining = 0
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data:
                continue
            was_owner = form.instance.pk is not None and (
                form.initial.get("role") == MembershipRole.OWNER
            )
            owner_after = not data.get("DELETE") and data.get("role") == MembershipRole.OWNER
            if was_owner and not owner_after:
                leaving.add(form.instance.pk)
            elif owner_after and not was_owner:
                joining += 1
        try:
            services.membership_owners_check(
                organization_id=self.instance.pk, leaving=leaving, joining=joining
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
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
