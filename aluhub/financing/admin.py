from django.contrib import admin

from .models import (
    AlertSubscription,
    Application,
    FinancingPlan,
    ImportBatch,
    LinkCheck,
    ProgramProposal,
)


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "kind", "frequency", "language", "confirmed_at", "unsubscribed_at")
    list_filter = ("kind", "frequency", "language")
    search_fields = ("email", "query")
    readonly_fields = ("token", "last_sent_at", "created_at")


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


@admin.register(ProgramProposal)
class ProgramProposalAdmin(admin.ModelAdmin):
    list_display = ("kind", "program", "status", "proposed_by", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = ("fields", "duplicate_warnings", "reviewed_by", "reviewed_at")


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = ("program", "ok", "status_code", "error", "checked_at")
    list_filter = ("ok",)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("filename", "uploaded_by", "created_at")
    readonly_fields = ("csv_text", "columns", "mapping")
