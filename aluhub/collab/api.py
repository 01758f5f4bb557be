"""Collaboration API: working groups (mounted at /api/v1/community/working-groups) and
events (/api/v1/community/events). Lists are paginated (``?limit=&offset=``) and searched
with ``?q=`` in either language (both language columns are searched)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.api import OPTIONAL_AUTH
from aluhub.common.http import LimitOffsetPagination

from . import selectors

groups_router = Router(tags=["working groups"], auth=OPTIONAL_AUTH)
events_router = Router(tags=["events"], auth=OPTIONAL_AUTH)


class GroupOut(Schema):
    slug: str
    name_fr: str
    name_en: str | None
    mandate_fr: str
    mandate_en: str | None
    kind: str
    visibility: str
    created_year: int | None
    created_on: date | None
    closed_on: date | None
    is_demo: bool


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    minutes_published: bool

    @staticmethod
    def resolve_minutes_published(obj: object) -> bool:
        return getattr(obj, "minutes_published_at", None) is not None


class GroupDetailOut(GroupOut):
    meetings: list[MeetingOut]

    @staticmethod
    def resolve_meetings(obj: object) -> list[object]:
        return list(selectors.group_meetings(obj))  # type: ignore[arg-type]


@groups_router.get("", response=list[GroupOut])
@paginate(LimitOffsetPagination)
def working_groups(request: HttpRequest, q: str = "") -> object:
    return selectors.groups_visible(request.user, q.strip()[:100])


@groups_router.get("/{slug}", response=GroupDetailOut)
def working_group(request: HttpRequest, slug: str) -> object:
    return selectors.get_group_for_user(request.user, slug)


class EventOut(Schema):
    slug: str
    title_fr: str
    title_en: str | None
    kind: str
    organizer: str
    organizer_name: str
    starts_at: datetime
    ends_at: datetime
    place: str
    city: str
    region: str
    audience: str
    price_member_cad: Decimal | None
    price_non_member_cad: Decimal | None
    capacity: int | None
    places_left: int | None
    is_demo: bool

    @staticmethod
    def resolve_places_left(obj: object) -> int | None:
        return selectors.event_places_left(obj)  # type: ignore[arg-type]


@events_router.get("", response=list[EventOut])
@paginate(LimitOffsetPagination)
def events(
    request: HttpRequest,
    q: str = "",
    region: str = "",
    kind: str = "",
    audience: str = "",
    month: str = "",
    past: bool = False,
) -> object:
    filters = selectors.EventFilters(
        q=q.strip()[:100], region=region, kind=kind, audience=audience, month=month, past=past
    )
    return selectors.events_listed(filters)


@events_router.get("/{slug}", response=EventOut)
def event(request: HttpRequest, slug: str) -> object:
    return selectors.get_event_for_user(request.user, slug)
