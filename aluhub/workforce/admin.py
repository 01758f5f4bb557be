from __future__ import annotations

from typing import Any

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from . import indexing, services
from .models import (
    Course,
    CourseSession,
    Evaluation,
    JobAlert,
    JobPosting,
    JobReport,
    LabourIndicator,
    Recommendation,
    RecommendationUpdate,
    Registration,
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

    def save_model(self, request: Any, obj: Trade, form: Any, change: bool) -> None:
        indexing.trade_admin_save(trade=obj)


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

    def save_model(self, request: Any, obj: JobPosting, form: Any, change: bool) -> None:
        # The board's search column and token index follow the admin's edit; a deleted
        # posting's tokens go with it (search.register_index, workforce/apps.py).
        indexing.job_admin_save(job=obj)


@admin.register(JobAlert)
class JobAlertAdmin(admin.ModelAdmin):
    list_display = ["email", "trade", "region", "kind", "level", "q", "frequency", "confirmed_at"]
    list_filter = ["kind", "region", "frequency"]
    search_fields = ["email", "q"]
    raw_id_fields = ["user", "trade"]
    readonly_fields = ["confirmed_at", "unsubscribed_at", "last_sent_at", "created_at"]


class SessionInline(admin.TabularInline):
    model = CourseSession
    extra = 0
    fields = ["starts_on", "ends_on", "place", "online", "capacity", "trainer_user", "is_demo"]
    raw_id_fields = ["trainer_user"]


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = ["slug", "title", "level", "duration_hours", "is_published", "is_demo"]
    list_filter = ["level", "language", "is_published", "is_demo"]
    search_fields = ["slug", "title_fr", "title_en", "trainer"]
    readonly_fields = ["search_text"]
    inlines = [SessionInline]

    def save_model(self, request: Any, obj: Course, form: Any, change: bool) -> None:
        services.course_save(course=obj)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["participant_name", "organization", "session", "status", "attended"]
    list_filter = ["status", "attended"]
    search_fields = ["participant_name", "participant_email", "organization__name"]
    raw_id_fields = ["session", "organization", "registered_by"]
    readonly_fields = ["created_at", "promoted_at", "cancelled_at"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["registration", "rating", "useful", "created_at"]
    readonly_fields = ["registration", "rating", "useful", "comment", "created_at"]


class RecommendationUpdateInline(admin.TabularInline):
    """The dated status history, read only: it is written when the status changes."""

    model = RecommendationUpdate
    extra = 0
    can_delete = False
    fields = ("status_on", "status", "note", "author", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(TranslationAdmin):
    list_display = ["number", "title", "status", "status_on"]
    list_filter = ["status"]
    filter_horizontal = ["initiatives"]
    inlines = [RecommendationUpdateInline]

    def save_model(self, request: Any, obj: Recommendation, form: Any, change: bool) -> None:
        obj.search_text = indexing.recommendation_document(obj)
        super().save_model(request, obj, form, change)
        if not change or {"status", "status_on", "status_note"} & set(form.changed_data):
            RecommendationUpdate.objects.create(
                recommendation=obj,
                status=obj.status,
                status_on=obj.status_on,
                note=obj.status_note,
                author=request.user,
            )
