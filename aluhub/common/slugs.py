"""Unique slugs: one loop for every model that names its rows by a slug."""

from __future__ import annotations

from collections.abc import Collection

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str,
    taken: Collection[str] = (),
    field: str = "slug",
    max_length: int = 100,
) -> str:
    """A slug of ``text`` (``fallback`` when nothing is left of it) that no row of
    ``model`` and no slug in ``taken`` already has: ``name``, ``name-2``, ``name-3``..."""
    base = slugify(text)[:max_length] or fallback
    slug, n = base, 2
    while slug in taken or model._default_manager.filter(**{field: slug}).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
