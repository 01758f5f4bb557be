"""Bilingual content fields (title_fr/title_en, summary_fr/summary_en)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Resource


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
