from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "aluhub.learning"
    label = "learning"
    verbose_name = "Alu-Compétences"
