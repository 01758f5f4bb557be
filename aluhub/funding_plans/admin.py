from django.contrib import admin

from .models import Application, FinancingPlan


@admin.register(FinancingPlan)
class FinancingPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "updated_at")
    search_fields = ("title", "organization__name")
    readonly_fields = ("inputs", "result", "created_at", "updated_at")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("organization", "program", "stage", "amount_approved_cad", "amount_paid_cad")
    list_filter = ("stage",)
    search_fields = ("organization__name", "program__slug")
