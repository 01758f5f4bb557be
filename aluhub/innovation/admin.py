from django.contrib import admin

from .models import Assessment, Attachment, Expert, Message, TechnicalRequest


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organization", "is_active", "is_demo")
    list_filter = ("is_active", "is_demo")
    search_fields = ("user__email", "user__last_name", "user__first_name")
    raw_id_fields = ("user", "organization")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "kind", "size", "uploaded_by", "created_at")
    readonly_fields = fields


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ("author", "body", "created_at")
    readonly_fields = fields


@admin.register(TechnicalRequest)
class TechnicalRequestAdmin(admin.ModelAdmin):
    # Status changes go through the request page (services enforce the lifecycle).
    list_display = ("title", "organization", "category", "status", "expert", "created_at")
    list_filter = ("status", "category", "confidential", "is_demo")
    search_fields = ("title", "organization__name")
    readonly_fields = (
        "status",
        "created_at",
        "triaged_at",
        "assigned_at",
        "first_response_at",
        "answered_at",
        "closed_at",
        "rating",
        "rating_comment",
        "rated_at",
    )
    raw_id_fields = ("organization", "requester", "expert")
    inlines = [AttachmentInline, MessageInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("organization", "created_at", "size_class", "questionnaire_version")
    list_filter = ("size_class",)
    raw_id_fields = ("organization", "user")
    readonly_fields = ("answers", "targets", "result")
