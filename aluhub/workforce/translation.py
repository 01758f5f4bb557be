"""Bilingual content fields (title_fr/title_en, name_fr/name_en ...)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Course, Recommendation, TaxCreditParameter, Trade, TrainingProgram


@register(Trade)
class TradeTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(TrainingProgram)
class TrainingProgramTranslationOptions(TranslationOptions):
    # hours, note and the institutions cells written in English: the shared file's English,
    # our French (training_programs_fr.csv).
    fields = ("name", "hours", "note", "institutions")


@register(TaxCreditParameter)
class TaxCreditParameterTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title", "description", "prerequisites")


@register(Recommendation)
class RecommendationTranslationOptions(TranslationOptions):
    fields = ("title", "detail")
