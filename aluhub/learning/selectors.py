"""Reads and the access rules of the library.

``get_resource_for_user`` is the only way views and API handlers fetch a resource;
``resource_can_download`` is the only answer to "may this user have the file?".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from aluhub.accounts.models import User
from aluhub.accounts.selectors import is_staff
from aluhub.common import search, secret_links
from aluhub.common.access import get_for_staff_or_404
from aluhub.common.query_params import choice_param, text_param

from .models import (
    Access,
    Collection,
    CollectionItem,
    DisciplineCode,
    ErrorReport,
    Level,
    Rating,
    ReportStatus,
    Resource,
    ResourceLanguage,
    ResourceType,
    ResourceVersion,
    Status,
    TeacherProfile,
    TopicCode,
    VerificationStatus,
)

AnyUser = User | AnonymousUser


# --- Teachers -----------------------------------------------------------------
def teacher_profile(user: AnyUser) -> TeacherProfile | None:
    if not user.is_authenticated:
        return None
    return TeacherProfile.objects.filter(user=user).first()


def is_verified_teacher(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    return TeacherProfile.objects.filter(user=user, status=VerificationStatus.VERIFIED).exists()


def can_curate(user: AnyUser) -> bool:
    """Verified teachers and staff assemble course packs and rate resources."""
    return is_staff(user) or is_verified_teacher(user)


def pending_teachers() -> QuerySet[TeacherProfile]:
    return TeacherProfile.objects.select_related("user", "verified_by").order_by(
        "status", "-created_at"
    )


def get_teacher_profile_for_staff(user: AnyUser, pk: int) -> TeacherProfile:
    """A teacher's profile for staff to decide on."""
    return get_for_staff_or_404(user, TeacherProfile.objects.all(), pk=pk)


# --- Resources ------------------------------------------------------------------
def resources_visible_to(user: AnyUser) -> QuerySet[Resource]:
    """Published resources for everyone; staff also see drafts, reviews and retired ones."""
    qs = Resource.objects.all()
    if not is_staff(user):
        qs = qs.filter(status=Status.PUBLISHED)
    return qs


def resource_can_view(user: AnyUser, resource: Resource) -> bool:
    return resource.status == Status.PUBLISHED or is_staff(user)


def resource_can_download(user: AnyUser, resource: Resource) -> bool:
    if not resource_can_view(user, resource):
        return False
    if resource.access == Access.OPEN or is_staff(user):
        return True
    return is_verified_teacher(user)


def get_resource_for_user(user: AnyUser, slug: str, *, for_download: bool = False) -> Resource:
    """A resource the user may see (404 otherwise); ``for_download`` also checks the file.

    An anonymous visitor asking for a restricted file gets PermissionDenied too: views turn
    that into a redirect to the login page, the API into 401/403.
    """
    resource = Resource.objects.filter(slug=slug).first()
    if resource is None or not resource_can_view(user, resource):
        raise Http404
    if for_download and not resource_can_download(user, resource):
        raise PermissionDenied
    return resource


#: The catalogue's orders (``Filters.sort``: its key; "newest" by default).
ORDERS = {
    "newest": ["-published_at", "-created_at"],
    "downloads": ["-download_count", "-published_at"],
    "title": ["title"],
}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    type: str = ""
    level: str = ""
    discipline: str = ""
    topic: str = ""
    language: str = ""
    sort: str = "newest"

    @classmethod
    def from_params(cls, params: Any) -> Filters:
        return cls(
            q=text_param(params, "q", max_length=search.MAX_QUERY),
            type=choice_param(params, "type", ResourceType.values),
            level=choice_param(params, "level", Level.values),
            discipline=choice_param(params, "discipline", DisciplineCode.values),
            topic=choice_param(params, "topic", TopicCode.values),
            language=choice_param(params, "language", ResourceLanguage.values),
            sort=choice_param(params, "sort", ORDERS) or "newest",
        )


def _apply(qs: QuerySet[Resource], f: Filters, skip: str = "") -> QuerySet[Resource]:
    qs = search.filter_queryset(qs, "search_text", f.q)
    if f.type and skip != "type":
        qs = qs.filter(type=f.type)
    if f.level and skip != "level":
        qs = qs.filter(level=f.level)
    if f.discipline and skip != "discipline":
        qs = qs.filter(disciplines__code=f.discipline)
    if f.topic and skip != "topic":
        qs = qs.filter(topics__code=f.topic)
    if f.language and skip != "language":
        # A bilingual resource serves both a French and an English class.
        qs = qs.filter(Q(language=f.language) | Q(language=ResourceLanguage.BILINGUAL))
    return qs


def resource_search(user: AnyUser, filters: Filters) -> QuerySet[Resource] | list[Resource]:
    """The catalogue's results in the filters' order; by title, the titles shown (the page's
    language) are ordered as a reader orders them, accents and capitals aside: the database
    orders by code point, which put « Étude de cas » after « Vidéo de cours »."""
    qs = _apply(resources_visible_to(user), filters).distinct()
    qs = qs.order_by(*ORDERS[filters.sort]).prefetch_related("disciplines", "topics")
    if filters.sort == "title":
        return sorted(qs, key=lambda r: (search.fold(r.title), r.pk))
    return qs


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    selected: str
    values: list[FacetValue]
    #: The "no filter" choice, in the facet's grammatical gender ("Tous" / "Toutes").
    all_label: str


def resource_facets(user: AnyUser, filters: Filters) -> list[Facet]:
    """For each facet, how many results each value would give (other facets applied)."""
    base = resources_visible_to(user)
    every = pgettext("facet", "All")
    every_feminine = pgettext("facet, feminine", "All")
    specs: list[tuple[str, Any, str, Any, str]] = [
        ("type", _("Type"), "type", ResourceType, every),
        ("level", pgettext("education level", "Level"), "level", Level, every),
        ("discipline", _("Discipline"), "disciplines__code", DisciplineCode, every_feminine),
        ("topic", _("Topic"), "topics__code", TopicCode, every),
        ("language", _("Language"), "language", ResourceLanguage, every_feminine),
    ]
    facets: list[Facet] = []
    for name, title, field, choices, all_label in specs:
        qs = _apply(base, filters, skip=name)
        counts = {
            row[field]: row["n"]
            for row in qs.values(field).annotate(n=Count("pk", distinct=True)).order_by()
        }
        if name == "language":
            # The filter counts a bilingual resource for a French and an English class
            # (_apply): each count says how many results choosing it gives.
            both = counts.get(ResourceLanguage.BILINGUAL, 0)
            for lang in (ResourceLanguage.FR, ResourceLanguage.EN):
                counts[lang] = counts.get(lang, 0) + both
        selected = getattr(filters, name)
        values = [
            FacetValue(value, str(label), counts.get(value, 0), value == selected)
            for value, label in choices.choices
            if counts.get(value, 0) or value == selected
        ]
        facets.append(Facet(name, str(title), selected, values, all_label))
    return facets


def resources_new_since(user: AnyUser, since: datetime | None) -> QuerySet[Resource]:
    qs = resources_visible_to(user).filter(status=Status.PUBLISHED)
    if since is not None:
        qs = qs.filter(published_at__gt=since)
    return qs.order_by("-published_at")


def latest_resources(limit: int = 20) -> QuerySet[Resource]:
    return Resource.objects.filter(status=Status.PUBLISHED).order_by("-published_at")[:limit]


def rating_summary(resource: Resource) -> tuple[float | None, int]:
    stars = list(Rating.objects.filter(resource=resource).values_list("stars", flat=True))
    if not stars:
        return None, 0
    return round(sum(stars) / len(stars), 1), len(stars)


def user_rating(user: AnyUser, resource: Resource) -> Rating | None:
    """The rating ``user`` gave ``resource`` (None: not rated yet, or anonymous)."""
    if not user.is_authenticated:
        return None
    return Rating.objects.filter(resource=resource, user=user).first()


def resource_comments(resource: Resource) -> QuerySet[Rating]:
    """The ratings of a resource that carry a comment, with their author."""
    return resource.ratings.select_related("user").exclude(comment="")


def resource_version(resource: Resource, number: int | None = None) -> ResourceVersion | None:
    """Version ``number`` of a resource, or its first version when no number is given."""
    versions = resource.versions.all()
    return versions.filter(number=number).first() if number else versions.first()


def resource_has_file(resource: Resource) -> bool:
    return resource.versions.exists()


# --- Collections ----------------------------------------------------------------
def collections_for_user(user: AnyUser) -> QuerySet[Collection]:
    if not user.is_authenticated:
        return Collection.objects.none()
    return Collection.objects.filter(owner=user).annotate(n_items=Count("items"))


def get_collection_for_user(user: AnyUser, pk: int) -> Collection:
    """The owner's course pack (staff may look at any); others get 404."""
    collection = Collection.objects.filter(pk=pk).first()
    if collection is None or not user.is_authenticated:
        raise Http404
    if collection.owner_id != user.pk and not is_staff(user):
        raise Http404
    return collection


#: The salt of the course packs' signed share links (aluhub.common.secret_links).
COLLECTION_SHARE_PURPOSE = "aluhub.course-pack-share"


def collection_share_token(collection: Collection) -> str:
    """The secret of the pack's share link (signed, never stored)."""
    return secret_links.signed_value(COLLECTION_SHARE_PURPOSE, collection)


def get_collection_by_token(token: str) -> Collection:
    """The pack a share link opens (the link is the proof), or 404: a link made before the
    owner asked for a new one opens nothing."""
    collection = secret_links.row_by_link(
        Collection.objects.all(), purpose=COLLECTION_SHARE_PURPOSE, value=token
    )
    if collection is None:
        raise Http404
    return collection


def collection_items(collection: Collection, user: AnyUser) -> list[CollectionItem]:
    """Items in order; resources the viewer may not see (drafts, retired) are left out."""
    items = collection.items.select_related("resource").order_by("position", "pk")
    return [i for i in items if resource_can_view(user, i.resource)]


# --- Feedback -------------------------------------------------------------------
def error_reports(status: str = ReportStatus.OPEN) -> QuerySet[ErrorReport]:
    qs = ErrorReport.objects.select_related("resource", "reporter", "resolved_by")
    return qs.filter(status=status) if status else qs


def get_error_report_for_staff(user: AnyUser, pk: int) -> ErrorReport:
    """An error report for staff to resolve."""
    return get_for_staff_or_404(user, ErrorReport.objects.all(), pk=pk)


def require_curator(user: AnyUser) -> None:
    """Curating resources is for staff and verified teachers (403 otherwise)."""
    if not can_curate(user):
        raise PermissionDenied


def resource_slug_taken(slug: str) -> bool:
    return Resource.objects.filter(slug=slug).exists()


def published_resources() -> QuerySet[Resource]:
    return Resource.objects.filter(status=Status.PUBLISHED)
