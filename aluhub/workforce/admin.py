from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    JobAlert,
    JobPosting,
    JobReport,
    LabourIndicator,
    TaxCreditParameter,
    Trade,
    TrainingProgram,
)


class IndicatorInline(admin.TabularInline):
    model = LabourIndicator
    extra = 0
    fields = ["region", "indicator", "value", "year", "source_url"]


@admin.register(Trade)
class TradeAdmin(TranslationAdmin):
    list_display = ["noc_2021", "title_en", "title_fr", "teer"]
    search_fields = ["slug", "noc_2021", "title_fr", "title_en"]
    readonly_fields = ["search_text"]
    inlines = [IndicatorInline]


@admin.register(TrainingProgram)
class TrainingProgramAdmin(TranslationAdmin):
    list_display = ["slug", "code", "code_to_confirm", "level", "name", "work_study"]
    list_filter = ["level", "code_to_confirm", "work_study"]
    search_fields = ["slug", "code", "name_fr", "name_en"]
    filter_horizontal = ["trades"]
    readonly_fields = ["search_text"]


@admin.register(TaxCreditParameter)
class TaxCreditParameterAdmin(TranslationAdmin):
    list_display = ["name", "rate_percent", "starts_on", "source_url"]


class ReportInline(admin.TabularInline):
    model = JobReport
    extra = 0
    fields = ["reason", "reporter", "resolved", "created_at"]
    readonly_fields = ["reporter", "created_at"]


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "region", "closing_date", "status", "is_demo"]
    list_filter = ["status", "kind", "region", "is_demo"]
    search_fields = ["title", "organization__name", "trade__noc_2021"]
    raw_id_fields = ["organization", "posted_by"]
    readonly_fields = ["search_text", "created_at", "updated_at"]
    inlines = [ReportInline]


@admin.register(JobAlert)
class JobAlertAdmin(admin.ModelAdmin):
    list_display = ["email", "trade", "region", "kind", "level", "q", "frequency", "confirmed_at"]
    list_filter = ["kind", "region", "frequency"]
    search_fields = ["email", "q"]
    raw_id_fields = ["user", "trade"]
    readonly_fields = ["token", "confirmed_at", "unsubscribed_at", "last_sent_at", "created_at"]
