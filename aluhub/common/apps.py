from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "aluhub.common"
    label = "common"
    verbose_name = "AluHub"

    def ready(self) -> None:
        from aluhub.common import checks  # noqa: F401  (registers the deployment checks)
