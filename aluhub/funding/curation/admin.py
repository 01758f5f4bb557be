"""Admin of the curation models (registered by ``funding/admin.py``)."""

from django.contrib import admin

from .models import ImportBatch, LinkCheck, ProgramProposal


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
