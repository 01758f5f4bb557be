from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "aluhub.directory"
    label = "directory"
    verbose_name = _("Member directory")

    def ready(self) -> None:
        from aluhub.common import search

        from .counting import TOKEN_KINDS
        from .models import DirectoryProfile

        # A deleted profile (the admin, a cascade from its organization) leaves no tokens.
        search.register_index(DirectoryProfile, *TOKEN_KINDS.values())
        # ... and the cached counts drop it (the change is numbered before the row goes).
        pre_delete.connect(
            _number_deletion,
            sender=DirectoryProfile,
            weak=False,
            dispatch_uid="directory-counts:profile-delete",
        )


def _number_deletion(sender: Any, instance: Any, **_kwargs: Any) -> None:
    from . import services

    services.profile_delete_record(profile_id=instance.pk)
