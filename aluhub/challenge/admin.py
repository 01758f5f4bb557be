"""Organizers edit editions (with their criteria and prizes) here; FR/EN fields side by side.

Decisions, team formation, jury assignment and results go through the challenge pages
(which call the services); the admin lists them read-mostly for support.
"""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import (
    Application,
    Conflict,
    Criterion,
    Edition,
    EditionMaterial,
    JurorAssignment,
    Prize,
    Score,
    Submission,
    Team,
)


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0


class PrizeInline(TranslationTabularInline):
    model = Prize
    extra = 0


class EditionMaterialInline(admin.TabularInline):
    model = EditionMaterial
    extra = 0


@admin.register(Edition)
class EditionAdmin(TabbedTranslationAdmin):
    list_display = ("year", "theme", "held", "is_demo", "is_published", "teams_published")
    list_filter = ("held", "is_demo", "is_published")
    inlines = [CriterionInline, PrizeInline, EditionMaterialInline]
    readonly_fields = ("team_report",)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("student", "edition", "university", "discipline", "status", "selection_score")
    list_filter = ("edition", "status", "discipline")
    search_fields = ("student__email", "university", "program")
    raw_id_fields = ("student", "team")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "edition", "average_score", "final_rank", "ex_aequo")
    list_filter = ("edition",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("team", "kind", "version", "uploaded_at", "uploaded_by")
    list_filter = ("kind", "team__edition")
    readonly_fields = ("design_report", "design_error", "design_error_note")


@admin.register(JurorAssignment)
class JurorAssignmentAdmin(admin.ModelAdmin):
    list_display = ("juror", "edition")
    list_filter = ("edition",)


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ("juror", "team", "reason", "declared_at")


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("juror", "team", "criterion", "value", "updated_at")
    list_filter = ("team__edition",)
