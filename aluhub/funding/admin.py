"""Staff curation: FR/EN fields side by side, publication state, history, staleness."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from . import services
from .models import (
    STALE_AFTER_DAYS,
    FundingOrganization,
    Program,
    ProgramChange,
    ProgramOrganization,
    SupportOrganization,
)


class StaleFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("yes", _("Not verified for more than 180 days")),
            ("no", _("Verified within 180 days")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        limit = timezone.localdate() - timedelta(days=STALE_AFTER_DAYS)
        if self.value() == "yes":
            return queryset.filter(last_verified__lt=limit) | queryset.filter(
                last_verified__isnull=True
            )
        if self.value() == "no":
            return queryset.filter(last_verified__gte=limit)
        return queryset


class ProgramOrganizationInline(admin.TabularInline):
    model = ProgramOrganization
    extra = 0
    autocomplete_fields = ["organization"]


class ProgramChangeInline(admin.TabularInline):
    model = ProgramChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "source", "changes"]
    readonly_fields = ["changed_at", "changed_by", "source", "changes"]
    ordering = ["-changed_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Program)
class ProgramAdmin(TabbedTranslationAdmin):
    list_display = [
        "name",
        "level",
        "status",
        "publication",
        "last_verified",
        "stale",
        "evidence_confidence",
    ]
    list_filter = ["publication", "status", "level", "evidence_confidence", StaleFilter]
    search_fields = ["slug", "name_fr", "name_en"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProgramOrganizationInline, ProgramChangeInline]
    actions = ["publish", "archive"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "summary", "level", "aid_types", "phases"]}),
        (_("Publication"), {"fields": ["publication", "created_at", "updated_at"]}),
        (
            _("Eligibility"),
            {
                "fields": [
                    "eligible_sizes",
                    ("employees_min", "employees_max"),
                    ("revenue_min_cad", "revenue_max_cad"),
                    ("years_in_business_min", "years_in_business_max"),
                    ("founder_age_min", "founder_age_max"),
                    ("regions", "regions_excluded"),
                    ("naics_prefixes_allowed", "naics_prefixes_excluded"),
                    "sector_focus",
                    "legal_forms",
                    "requires_export_project",
                    "project_cost_min_cad",
                    "other_conditions",
                    "public_aid_cap_pct",
                    "criteria_evidence",
                ]
            },
        ),
        (
            _("Amounts"),
            {
                "fields": [
                    ("max_amount_cad", "amount_min_cad", "amount_basis"),
                    ("cost_share_pct", "cost_share_pct_large_firm"),
                    "plan_instrument",
                ]
            },
        ),
        (
            _("Status and intake"),
            {
                "fields": [
                    "status",
                    "status_note",
                    "status_as_of",
                    "deadline_type",
                    "intake_windows",
                ]
            },
        ),
        (
            _("Sources"),
            {"fields": ["url", "source_url", "evidence_confidence", "last_verified"]},
        ),
    ]

    @admin.display(boolean=True, description=_("stale"))
    def stale(self, obj: Program) -> bool:
        return obj.is_stale

    def save_model(self, request: HttpRequest, obj: Program, form: Any, change: bool) -> None:
        services.program_save(program=obj, changed_by=request.user, origin="admin")  # type: ignore[arg-type]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Organization names are part of the search index.
        services.program_reindex(program=form.instance)

    @admin.action(description=_("Publish the selected programs"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Program]) -> None:
        for program in queryset:
            services.program_publish(program=program, changed_by=request.user)  # type: ignore[arg-type]

    @admin.action(description=_("Archive the selected programs"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Program]) -> None:
        for program in queryset:
            services.program_archive(program=program, changed_by=request.user)  # type: ignore[arg-type]


@admin.register(FundingOrganization)
class FundingOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(
        self, request: HttpRequest, obj: FundingOrganization, form: Any, change: bool
    ) -> None:
        services.funding_organization_save(organization=obj)

    def delete_model(self, request: HttpRequest, obj: FundingOrganization) -> None:
        services.funding_organization_delete(organization=obj)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[FundingOrganization]
    ) -> None:
        for organization in queryset:
            services.funding_organization_delete(organization=organization)


@admin.register(ProgramChange)
class ProgramChangeAdmin(admin.ModelAdmin):
    list_display = ["program", "changed_at", "changed_by", "source"]
    list_filter = ["source"]
    readonly_fields = ["program", "changed_at", "changed_by", "source", "changes"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SupportOrganization)
class SupportOrganizationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "regions", "evidence_confidence", "last_verified"]
    search_fields = ["name", "slug"]


# The alert and curation models' admin lives with them.
from .alerts import admin as alerts_admin  # noqa: E402, F401
from .curation import admin as curation_admin  # noqa: E402, F401
