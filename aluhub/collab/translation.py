from modeltranslation.translator import TranslationOptions, register

from .models import Event, WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "mandate", "closed_reason")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")
