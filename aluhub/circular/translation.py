"""Bilingual content fields (django-modeltranslation): ``<field>_fr`` / ``<field>_en``."""

from modeltranslation.translator import TranslationOptions, register

from .models import GradeCrosswalk, ScrapGrade


@register(ScrapGrade)
class ScrapGradeTranslation(TranslationOptions):
    fields = ("description",)


@register(GradeCrosswalk)
class GradeCrosswalkTranslation(TranslationOptions):
    fields = ("basis",)
