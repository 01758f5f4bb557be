"""Alu-Compétences API: the catalogue (anyone) and each resource's access and download URL.

The ``download_url`` is the permission-checked page view: an anonymous request for a
restricted file is redirected to the login page, a signed-in user without the right gets 403.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from aluhub.accounts.auth import OPTIONAL_AUTH
from aluhub.common.api_lists import filtered_list
from aluhub.common.mail import site_url

from . import selectors
from .models import Resource

router = Router(tags=["learning"])


class ResourceOut(Schema):
    slug: str
    title_fr: str | None
    title_en: str | None
    summary_fr: str | None
    summary_en: str | None
    type: str
    level: str
    disciplines: list[str]
    topics: list[str]
    language: str
    duration_minutes: int | None
    license: str
    authors: str
    access: str
    is_demo: bool
    download_count: int
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_disciplines(obj: Resource) -> list[str]:
        return [d.code for d in obj.disciplines.all()]

    @staticmethod
    def resolve_topics(obj: Resource) -> list[str]:
        return [t.code for t in obj.topics.all()]

    @staticmethod
    def resolve_url(obj: Resource) -> str:
        return reverse("learning:resource", args=[obj.slug])


class VersionOut(Schema):
    number: int
    file_kind: str
    size_bytes: int
    note: str
    created_at: datetime


class ResourceDetailOut(ResourceOut):
    status: str
    video_url: str
    sources: list[str]
    versions: list[VersionOut]
    download_url: str | None
    can_download: bool

    @staticmethod
    def resolve_sources(obj: Resource) -> list[str]:
        return [u for u in obj.sources.splitlines() if u.strip()]

    @staticmethod
    def resolve_versions(obj: Resource) -> list[object]:
        return list(obj.versions.all())


@router.get("/resources", response=list[ResourceOut], auth=OPTIONAL_AUTH)
@filtered_list(selectors.Filters)
def resources(request: HttpRequest, filters: selectors.Filters) -> object:
    """Published resources; unknown filter values are ignored. ``sort``: newest, downloads."""
    return selectors.resource_search(request.user, filters)


@router.get("/resources/{slug}", response=ResourceDetailOut, auth=OPTIONAL_AUTH)
def resource(request: HttpRequest, slug: str) -> object:
    obj = selectors.get_resource_for_user(request.user, slug)
    has_file = selectors.resource_has_file(obj)
    obj.download_url = (  # type: ignore[attr-defined]
        site_url(reverse("learning:download", args=[obj.slug])) if has_file else None
    )
    obj.can_download = has_file and selectors.resource_can_download(request.user, obj)  # type: ignore[attr-defined]
    return obj
