from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "aluhub.common"
    label = "common"
    verbose_name = "AluHub"
