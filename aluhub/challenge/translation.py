"""Bilingual content fields (django-modeltranslation): ``<field>_fr`` / ``<field>_en``."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, Edition, Prize


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = (
        "theme",
        "client_brief",
        "aluminium_rule_text",
        "host_institution",
        "partners",
        "deliverables",
    )
    # An edition described in French only shows its French deliverables on English pages.
    fallback_undefined: dict[str, list[str]] = {"deliverables": []}


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)


@register(Prize)
class PrizeTranslation(TranslationOptions):
    fields = ("name", "description")
