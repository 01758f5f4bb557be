from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "aluhub.directory"
    label = "directory"
    verbose_name = _("Member directory")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from aluhub.accounts.models import Organization

        post_save.connect(_organization_saved, sender=Organization, dispatch_uid="directory-org")


def _organization_saved(
    sender: object, instance: object, raw: bool = False, **kwargs: object
) -> None:
    """A saved organization re-indexes its directory profile (not while loading fixtures)."""
    from aluhub.accounts.models import Organization

    from .services import organization_saved

    if not raw and isinstance(instance, Organization):
        organization_saved(organization=instance)
