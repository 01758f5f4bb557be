from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    ActionItem,
    AgendaItem,
    AntitrustAcknowledgement,
    Decision,
    Event,
    EventRegistration,
    GroupMember,
    Meeting,
    MeetingRegistration,
    WorkingGroup,
)


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
