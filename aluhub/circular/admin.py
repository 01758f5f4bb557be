from django.contrib import admin

from .models import CarbonFactor, ContactRequest, GradeCrosswalk, Listing, Match, ScrapGrade


@admin.register(ScrapGrade)
class ScrapGradeAdmin(admin.ModelAdmin):
    list_display = ("code", "system", "name", "typical_alloy_family")
    list_filter = ("system",)


@admin.register(GradeCrosswalk)
class GradeCrosswalkAdmin(admin.ModelAdmin):
    list_display = ("isri", "en", "strength")


@admin.register(CarbonFactor)
class CarbonFactorAdmin(admin.ModelAdmin):
    list_display = ("item", "value", "year", "is_recycled")


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "organization", "quantity_t", "expires_on")
    list_filter = ("kind", "status", "is_demo")
    readonly_fields = ("published_at", "closed_at")


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ("offer", "request", "score", "grade_level", "notified_at")


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ("offer", "buyer_organization", "status", "created_at", "decided_at")
