"""Bilingual content fields (title_fr/title_en, summary_fr/summary_en, a version's note)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Resource, ResourceVersion


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(ResourceVersion)
class ResourceVersionTranslationOptions(TranslationOptions):
    # A note AluHub writes (generated sheet, import) has both; an author's note is shown as
    # written in both languages.
    fields = ("note",)
