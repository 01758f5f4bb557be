from modeltranslation.translator import TranslationOptions, register

from .models import Event, Indicator, Initiative, WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "mandate", "closed_reason")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "summary", "call_text")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name",)
