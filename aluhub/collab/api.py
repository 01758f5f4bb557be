"""Collaboration API: working groups (mounted at /api/v1/community/working-groups), events
(/api/v1/community/events), initiatives (/api/v1/community/initiatives) and group
documents (/api/v1/community/documents: what the caller may read, its words and the
words inside its files). Lists are paginated (``?limit=&offset=``) and searched with ``?q=``
in either language (both language columns, or the stored bilingual search document)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.accounts.auth import OPTIONAL_AUTH
from aluhub.common.api_lists import filtered_list
from aluhub.common.http import LimitOffsetPagination

from . import selectors
from . import selectors_initiatives as initiative_selectors

groups_router = Router(tags=["working groups"], auth=OPTIONAL_AUTH)
documents_router = Router(tags=["group documents"], auth=OPTIONAL_AUTH)
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
@filtered_list(selectors.EventFilters)
def events(request: HttpRequest, filters: selectors.EventFilters) -> object:
    return selectors.events_listed(filters)


@events_router.get("/{slug}", response=EventOut)
def event(request: HttpRequest, slug: str) -> object:
    return selectors.get_event_for_user(request.user, slug)


# --- partner initiatives (/api/v1/community/initiatives) ----------------------------------

initiatives_router = Router(tags=["partner initiatives"], auth=OPTIONAL_AUTH)


class PartnerOut(Schema):
    organization: str
    role: str

    @staticmethod
    def resolve_organization(obj: object) -> str:
        return obj.organization.name  # type: ignore[attr-defined]


class InitiativeOut(Schema):
    slug: str
    title_fr: str
    title_en: str | None
    summary_fr: str
    summary_en: str | None
    status: str
    progress_pct: int | None
    working_group: str | None
    call_open: bool
    is_demo: bool

    @staticmethod
    def resolve_working_group(obj: object) -> str | None:
        group = getattr(obj, "working_group", None)
        return group.slug if group is not None else None

    @staticmethod
    def resolve_call_open(obj: object) -> bool:
        return obj.call_is_open()  # type: ignore[attr-defined]


class UpdateOut(Schema):
    on: date
    progress_pct: int | None
    text: str


class InitiativeIndicatorOut(Schema):
    name: str
    unit: str
    live: bool
    value: Decimal | None
    measured_on: date | None
    source: str


class InitiativeDetailOut(InitiativeOut):
    partners: list[PartnerOut]
    programs: list[str]
    timeline: list[UpdateOut]
    indicators: list[InitiativeIndicatorOut]

    @staticmethod
    def resolve_partners(obj: object) -> list[object]:
        return list(initiative_selectors.initiative_partners(obj))  # type: ignore[arg-type]

    @staticmethod
    def resolve_programs(obj: object) -> list[str]:
        return initiative_selectors.initiative_program_slugs(obj)  # type: ignore[arg-type]

    @staticmethod
    def resolve_timeline(obj: object) -> list[object]:
        return list(initiative_selectors.initiative_timeline(obj))  # type: ignore[arg-type]

    @staticmethod
    def resolve_indicators(obj: object) -> list[dict[str, object]]:
        return [
            {
                "name": r.indicator.name,
                "unit": r.indicator.unit,
                "live": r.live,
                "value": r.value,
                "measured_on": r.measured_on,
                "source": r.source,
            }
            for r in initiative_selectors.initiative_indicators(obj)  # type: ignore[arg-type]
        ]


@initiatives_router.get("", response=list[InitiativeOut])
@paginate(LimitOffsetPagination)
def initiatives(request: HttpRequest, q: str = "", status: str = "") -> object:
    return initiative_selectors.initiatives_listed(
        request.user, q=q.strip()[:100], status=status[:12]
    )


@initiatives_router.get("/{slug}", response=InitiativeDetailOut)
def initiative(request: HttpRequest, slug: str) -> object:
    return initiative_selectors.get_initiative_for_user(request.user, slug)


class DocumentVersionOut(Schema):
    number: int
    kind: str
    size: int
    note: str
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj: object) -> str:
        return reverse(
            "collab:document_download",
            args=[obj.document_id, obj.number],  # type: ignore[attr-defined]
        )


class DocumentOut(Schema):
    id: int
    title: str
    description: str
    group: str
    confidentiality: str
    updated_at: datetime
    url: str
    latest_version: DocumentVersionOut | None

    @staticmethod
    def resolve_group(obj: object) -> str:
        return obj.group.slug  # type: ignore[attr-defined]

    @staticmethod
    def resolve_url(obj: object) -> str:
        return reverse("collab:document_detail", args=[obj.pk])  # type: ignore[attr-defined]

    @staticmethod
    def resolve_latest_version(obj: object) -> object:
        versions = sorted(obj.versions.all(), key=lambda v: v.number)  # type: ignore[attr-defined]
        return versions[-1] if versions else None


class DocumentDetailOut(DocumentOut):
    versions: list[DocumentVersionOut]

    @staticmethod
    def resolve_versions(obj: object) -> list[object]:
        return sorted(obj.versions.all(), key=lambda v: -v.number)  # type: ignore[attr-defined]


@documents_router.get("", response=list[DocumentOut])
@paginate(LimitOffsetPagination)
def documents(request: HttpRequest, q: str = "", group: str = "") -> object:
    """The group documents the caller may read (``?group=`` a working group's slug)."""
    return selectors.documents_visible(request.user, q=q[:200], group_slug=group[:120])


@documents_router.get("/{document_id}", response=DocumentDetailOut)
def document(request: HttpRequest, document_id: int) -> object:
    return selectors.get_group_document_for_user(request.user, document_id)
