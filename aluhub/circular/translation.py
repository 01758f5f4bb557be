"""Bilingual content fields (django-modeltranslation): ``<field>_fr`` / ``<field>_en``."""

from modeltranslation.translator import TranslationOptions, register

from .models import CarbonFactor, GradeCrosswalk, ScrapGrade


@register(ScrapGrade)
class ScrapGradeTranslation(TranslationOptions):
    # The code (Taint/Tabor, EN 13920-7) is the published name and is never translated;
    # ``name_en`` is the published title, ``name_fr`` our French wording of it.
    fields = ("name", "description", "typical_alloy_family")


@register(CarbonFactor)
class CarbonFactorTranslation(TranslationOptions):
    fields = ("item", "scope_note")


@register(GradeCrosswalk)
class GradeCrosswalkTranslation(TranslationOptions):
    fields = ("basis",)
