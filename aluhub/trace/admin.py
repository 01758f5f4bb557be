from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Event, LedgerSettings, Lot


@admin.register(LedgerSettings)
class LedgerSettingsAdmin(admin.ModelAdmin):
    list_display = ["site", "method", "conversion_factor", "period_start", "staff_may_read"]


class ReadOnly(admin.ModelAdmin):
    """Ledger rows are append-only: the admin shows them and never changes them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Lot)
class LotAdmin(ReadOnly):
    list_display = ["code", "organization", "site", "material", "kg", "made_on"]
    search_fields = ["code"]


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ["site", "seq", "kind", "occurred_on", "lot", "kg", "hash"]
