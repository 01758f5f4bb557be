"""Bilingual content fields (django-modeltranslation): ``<field>_fr`` / ``<field>_en``."""

from modeltranslation.translator import TranslationOptions, register

from .models import Program, SupportOrganization


@register(Program)
class ProgramTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "other_conditions", "status_note")


@register(SupportOrganization)
class SupportOrganizationTranslationOptions(TranslationOptions):
    fields = ("services",)
