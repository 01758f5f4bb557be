"""The stored search document (:mod:`aluhub.common.search`) of the collab lists' records:
working groups, events and partner initiatives."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from aluhub.common import search


class Searchable(models.Model):
    """A record whose ``search_text`` holds the search document of its French and English
    texts (``SEARCH_FIELDS``) and of :meth:`search_extra`, rebuilt on every save whatever
    saves it (a service, the admin, the reference loader, the demo), so that its list finds
    it without accents and by any form of its words (``search.filter_queryset``)."""

    SEARCH_FIELDS: ClassVar[tuple[str, ...]] = ()

    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.search_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def search_extra(self) -> list[str]:
        """Texts of related records that the document holds too."""
        return []

    def search_document(self) -> str:
        texts = [getattr(self, name) for name in self.SEARCH_FIELDS]
        return search.document(texts, self.search_extra())
