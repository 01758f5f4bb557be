"""RSS feed of newly published resources (django.contrib.syndication)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Resource


class NewResourcesFeed(Feed):
    title = _("Alu-Compétences: new teaching resources")
    description = _("Teaching material on aluminium newly published for college and university.")
    link = reverse_lazy("learning:index")

    def items(self) -> QuerySet[Resource]:
        return selectors.latest_resources(20)

    def item_title(self, item: Resource) -> str:
        return item.title

    def item_description(self, item: Resource) -> str:
        return item.summary

    def item_link(self, item: Resource) -> str:
        return reverse("learning:resource", args=[item.slug])

    def item_pubdate(self, item: Resource) -> datetime | None:
        return item.published_at

    def item_categories(self, item: Resource) -> list[str]:
        return [str(t) for t in item.topics.all()]
