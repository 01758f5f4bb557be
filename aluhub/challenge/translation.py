"""Bilingual content fields (django-modeltranslation): ``<field>_fr`` / ``<field>_en``."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, Edition, Prize


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("theme", "client_brief", "aluminium_rule_text")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)


@register(Prize)
class PrizeTranslation(TranslationOptions):
    fields = ("name", "description")
