from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from .models import (
    ActionItem,
    AgendaItem,
    AntitrustAcknowledgement,
    Decision,
    DocumentVersion,
    Event,
    EventRegistration,
    ExpressionOfInterest,
    GroupDocument,
    GroupMember,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativePartner,
    InitiativeUpdate,
    Meeting,
    MeetingRegistration,
    WorkingGroup,
)
from .services import document_reindex
from .services_initiatives import initiative_progress_refresh, initiative_reindex


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    autocomplete_fields = ["user", "organization"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(TranslationAdmin):
    list_display = ["name", "kind", "visibility", "created_year", "closed_on", "is_demo"]
    list_filter = ["kind", "visibility", "is_demo"]
    search_fields = ["name_fr", "name_en", "mandate_fr", "mandate_en"]
    inlines = [GroupMemberInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "starts_at", "minutes_published_at", "is_demo"]
    list_filter = ["group", "is_demo"]
    search_fields = ["title", "group__name_fr", "group__name_en"]
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["group", "number", "meeting", "votes_for", "votes_against", "quorum_reached"]
    list_filter = ["group"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "owner", "due_on", "status", "reminded_on"]
    list_filter = ["status", "group"]
    search_fields = ["title"]


@admin.register(MeetingRegistration)
class MeetingRegistrationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "registered_at", "attended"]


@admin.register(AntitrustAcknowledgement)
class AntitrustAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "acknowledged_at"]
    readonly_fields = ["meeting", "user", "acknowledged_at"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "kind", "organizer", "starts_at", "region", "capacity", "is_demo"]
    list_filter = ["kind", "organizer", "audience", "region", "published", "is_demo"]
    search_fields = ["title_fr", "title_en", "city"]
    prepopulated_fields = {"slug": ("title_fr",)}


@admin.register(EventRegistration)
class EventRegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "registered_at", "promoted_at", "cancelled_at"]
    list_filter = ["status", "event"]


class InitiativePartnerInline(admin.TabularInline):
    model = InitiativePartner
    extra = 0
    autocomplete_fields = ["organization"]


class InitiativeUpdateInline(admin.TabularInline):
    model = InitiativeUpdate
    extra = 0
    fields = ["on", "progress_pct", "text", "author"]
    readonly_fields = ["author"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "name_fr", "name_en", "unit", "live_source"]


@admin.register(Initiative)
class InitiativeAdmin(TranslationAdmin):
    list_display = ["title", "status", "progress_pct", "working_group", "call_open", "published"]
    list_filter = ["status", "call_open", "published", "is_demo"]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en"]
    prepopulated_fields = {"slug": ("title_fr",)}
    filter_horizontal = ["programs"]
    readonly_fields = ["progress_pct"]
    inlines = [InitiativePartnerInline, IndicatorInline, InitiativeUpdateInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        initiative_progress_refresh(initiative=form.instance)
        initiative_reindex(initiative=form.instance)  # partners added or removed inline


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "value", "measured_on", "source", "entered_by"]
    list_filter = ["indicator__initiative"]


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ["initiative", "organization", "role", "user", "created_at"]
    list_filter = ["initiative", "role"]
    readonly_fields = ["initiative", "organization", "user", "role", "message", "created_at"]


_VERSION_FIELDS = ("number", "original_name", "kind", "size", "note", "uploaded_by", "uploaded_at")


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = _VERSION_FIELDS
    readonly_fields = _VERSION_FIELDS
    can_delete = False


@admin.register(GroupDocument)
class GroupDocumentAdmin(admin.ModelAdmin):
    """Curation of titles and confidentiality; files are uploaded from the group's pages."""

    list_display = ["title", "group", "confidentiality", "updated_at"]
    list_filter = ["confidentiality", "group"]
    search_fields = ["title", "description"]
    readonly_fields = ["group", "created_by", "created_at", "updated_at"]
    inlines = [DocumentVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        document_reindex(document=obj)
