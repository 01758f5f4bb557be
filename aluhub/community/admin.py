from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Bulletin, Delivery, Subscription


@admin.register(Bulletin)
class BulletinAdmin(TranslationAdmin):
    list_display = ["title", "category", "published_at", "is_demo"]
    list_filter = ["category", "is_demo"]
    search_fields = ["title_fr", "title_en"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "frequency", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language", "frequency"]
    search_fields = ["email"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscription", "bulletin", "sent_at"]
