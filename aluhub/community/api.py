"""News API: published bulletins."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.common.http import LimitOffsetPagination

from . import selectors

router = Router(tags=["news"])


class BulletinOut(Schema):
    slug: str
    title: str
    body: str
    category: str
    program_slugs: list[str]
    source_url: str
    published_at: datetime | None


@router.get("/bulletins", response=list[BulletinOut])
@paginate(LimitOffsetPagination)
def bulletins(request: HttpRequest, category: str | None = None) -> object:
    return selectors.bulletins_published(category)


@router.get("/bulletins/{slug}", response=BulletinOut)
def bulletin(request: HttpRequest, slug: str) -> object:
    return selectors.get_bulletin_for_user(request.user, slug)
