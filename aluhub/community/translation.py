from modeltranslation.translator import TranslationOptions, register

from .models import Bulletin


@register(Bulletin)
class BulletinTranslation(TranslationOptions):
    fields = ("title", "body")
