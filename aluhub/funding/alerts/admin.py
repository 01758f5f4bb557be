from django.contrib import admin

from .models import AlertSubscription


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "kind", "frequency", "language", "confirmed_at", "unsubscribed_at")
    list_filter = ("kind", "frequency", "language")
    search_fields = ("email", "query")
    readonly_fields = ("last_sent_at", "created_at")
