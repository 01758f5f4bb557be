"""Reads for news."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from aluhub.accounts.selectors import AnyUser, is_staff

from .models import Bulletin


def bulletins_published(category: str | None = None) -> QuerySet[Bulletin]:
    qs = Bulletin.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-published_at")


def get_bulletin_for_user(user: AnyUser, slug: str) -> Bulletin:
    """Published bulletins are public; drafts are visible to cluster staff only."""
    bulletin = Bulletin.objects.filter(slug=slug).first()
    if bulletin is None or (not bulletin.is_published and not is_staff(user)):
        raise Http404
    return bulletin


def linked_programs(bulletin: Bulletin) -> list[object]:
    """The catalogue programs a bulletin links to (those that exist and are published)."""
    from aluhub.funding.models import Program

    if not bulletin.program_slugs:
        return []
    return list(Program.objects.filter(slug__in=bulletin.program_slugs, publication="published"))
