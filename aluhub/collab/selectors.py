# Size: the collaboration space's reads and access rules (groups, meetings, events, documents).
"""Reads and access rules of the collaboration space.

One access function per protected object: :func:`get_group_for_user`,
:func:`get_meeting_for_user`, :func:`get_event_for_user`,
:func:`get_event_registration_for_user`; the pages that change a group, a meeting or an
event take it through the access function of that action (:func:`get_group_for_secretary`,
:func:`get_meeting_for_secretary`, :func:`get_group_for_uploader`,
:func:`get_document_for_uploader`, :func:`get_event_for_manager`,
:func:`require_event_staff`, :func:`require_collab_staff`), which answers 404 or 403 with
the reason. The finer questions (may this user see the
agenda, the minutes, record minutes, see the check-in list) are answered by the
``*_can_*`` functions below, which the views, the API and the templates share.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Membership, User, cluster_staff_q
from aluhub.accounts.selectors import AnyUser, is_staff
from aluhub.common import capacity as places
from aluhub.common import search, secret_links
from aluhub.common.access import require_staff
from aluhub.common.query_params import text_param

from .models import (
    OPEN_STATUSES,
    ActionItem,
    AntitrustAcknowledgement,
    CalendarFeed,
    Confidentiality,
    DocumentVersion,
    Event,
    EventRegistration,
    GroupDocument,
    GroupMember,
    GroupRole,
    Meeting,
    MeetingRegistration,
    RegistrationStatus,
    Visibility,
    WorkingGroup,
)

# --- working groups ----------------------------------------------------------------------


def group_member(user: AnyUser, group: WorkingGroup) -> GroupMember | None:
    if not user.is_authenticated:
        return None
    return GroupMember.objects.filter(group=group, user=user).first()


def group_can_view(user: AnyUser, group: WorkingGroup) -> bool:
    if group.visibility == Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if group.visibility == Visibility.PLATFORM or is_staff(user):
        return True
    return group_member(user, group) is not None


def is_group_member(user: AnyUser, slug: str) -> bool:
    """Whether the user is a member of the working group ``slug`` (for other apps' access
    rules, e.g. the recycling group's cluster figures in traceability)."""
    if not user.is_authenticated:
        return False
    return GroupMember.objects.filter(group__slug=slug, user_id=user.pk).exists()


def group_is_insider(user: AnyUser, group: WorkingGroup) -> bool:
    """Members of the group and cluster staff: they see agendas, minutes and action items."""
    return is_staff(user) or group_member(user, group) is not None


def group_can_record_minutes(user: AnyUser, group: WorkingGroup) -> bool:
    if is_staff(user):
        return True
    member = group_member(user, group)
    return member is not None and member.role == GroupRole.SECRETARY


def groups_visible(user: AnyUser, q: str = "") -> QuerySet[WorkingGroup]:
    visible = Q(visibility=Visibility.PUBLIC)
    if user.is_authenticated:
        if is_staff(user):
            visible = Q()
        else:
            visible |= Q(visibility=Visibility.PLATFORM) | Q(members__user=user)
    qs: QuerySet[WorkingGroup] = WorkingGroup.objects.filter(visible).distinct()
    if q:
        qs = search.filter_queryset(qs, "search_text", q)
    # Active groups (no closing date) first on every database: PostgreSQL puts NULLs last.
    return qs.order_by(F("closed_on").asc(nulls_first=True), "name")


def get_group_for_user(user: AnyUser, slug: str) -> WorkingGroup:
    """The group, or 404 when it does not exist or the user may not see it."""
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None or not group_can_view(user, group):
        raise Http404
    return group


def require_group_secretary(user: AnyUser, group: WorkingGroup) -> None:
    """Scheduling meetings, the agenda, attendance, decisions, action items and minutes:
    the group's secretary and staff (403 otherwise)."""
    if not group_can_record_minutes(user, group):
        raise PermissionDenied(
            _(
                "A working group's meetings, agendas and minutes are recorded by its secretary "
                "and by the cluster staff. To take this on, ask the group's chair or the "
                "cluster staff to name you secretary of the group."
            )
        )


def require_group_member(user: AnyUser, group: WorkingGroup) -> None:
    """Registering to a meeting is for the group's members (403 otherwise)."""
    if group_member(user, group) is None:
        raise PermissionDenied(
            _(
                "Only the members of this working group take part in its meetings. To join, "
                "ask the group's chair or the cluster staff to add you to the group."
            )
        )


def require_group_insider(user: AnyUser, group: WorkingGroup) -> None:
    """Acknowledging a meeting's competition-law reminder: members and staff (403)."""
    if not group_is_insider(user, group):
        raise PermissionDenied(
            _(
                "This is for the members of the working group and the cluster staff. To "
                "join, ask the group's chair or the cluster staff to add you to the group."
            )
        )


def get_group_for_secretary(user: AnyUser, slug: str) -> WorkingGroup:
    """The group whose meetings the user schedules: 404 as :func:`get_group_for_user`, 403
    unless the user records the group's minutes (its secretary, or staff)."""
    group = get_group_for_user(user, slug)
    require_group_secretary(user, group)
    return group


#: The members' order: the roles as ``GroupRole`` declares them (chair, secretary, member,
#: observer), not their codes' alphabetical order.
ROLE_RANK = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(GroupRole.values)),
    default=Value(len(GroupRole.values)),
)


def group_members(group: WorkingGroup) -> QuerySet[GroupMember]:
    members = group.members.select_related("user", "organization")
    return members.order_by(ROLE_RANK, "joined_at")


def group_member_user(group: WorkingGroup, user_pk: int) -> User:
    """The user account of a member of ``group`` (e.g. the owner chosen for an action item)."""
    member = GroupMember.objects.select_related("user").filter(group=group, user_id=user_pk)
    found = member.first()
    if found is None:
        raise Http404
    return found.user


def group_organizations(group: WorkingGroup) -> list[Any]:
    seen: dict[int, Any] = {}
    for member in group_members(group):
        if member.organization is not None:
            seen.setdefault(member.organization.pk, member.organization)
    return sorted(seen.values(), key=lambda org: org.name)


def group_action_items(group: WorkingGroup) -> QuerySet[ActionItem]:
    """Every action item of the group, open ones (not closed) first by due date, on every
    database (PostgreSQL puts NULLs last)."""
    return (
        ActionItem.objects.filter(group=group)
        .select_related("owner", "meeting")
        .order_by(F("closed_at").asc(nulls_first=True), "due_on", "pk")
    )


# --- meetings ----------------------------------------------------------------------------


def get_meeting_for_user(user: AnyUser, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("group").filter(pk=pk).first()
    if meeting is None or not group_can_view(user, meeting.group):
        raise Http404
    return meeting


def get_meeting_for_secretary(user: AnyUser, pk: int) -> Meeting:
    """The meeting whose agenda and minutes the user records: 404 as
    :func:`get_meeting_for_user`, 403 unless the user records the group's minutes."""
    meeting = get_meeting_for_user(user, pk)
    require_group_secretary(user, meeting.group)
    return meeting


def meeting_acknowledged(user: AnyUser, meeting: Meeting) -> AntitrustAcknowledgement | None:
    if not user.is_authenticated:
        return None
    return AntitrustAcknowledgement.objects.filter(meeting=meeting, user=user).first()


def meeting_agenda_open(user: AnyUser, meeting: Meeting) -> bool:
    """The agenda opens to insiders once they acknowledged the antitrust reminder."""
    return group_is_insider(user, meeting.group) and meeting_acknowledged(user, meeting) is not None


def meeting_registration(user: AnyUser, meeting: Meeting) -> MeetingRegistration | None:
    if not user.is_authenticated:
        return None
    return MeetingRegistration.objects.filter(meeting=meeting, user=user).first()


def meeting_minutes_visible(user: AnyUser, meeting: Meeting) -> bool:
    if group_can_record_minutes(user, meeting.group):
        return True
    return meeting.minutes_published_at is not None and group_is_insider(user, meeting.group)


def meeting_carried_items(meeting: Meeting) -> list[ActionItem]:
    """Action items from earlier meetings still open when this one starts (carried over).

    An item closed after the meeting started still counts, so a past agenda stays as it was.
    """
    return list(
        ActionItem.objects.filter(group=meeting.group, meeting__starts_at__lt=meeting.starts_at)
        .filter(Q(status__in=OPEN_STATUSES) | Q(closed_at__gt=meeting.starts_at))
        .select_related("owner", "meeting")
        .order_by("due_on", "pk")
    )


def meeting_attendees(meeting: Meeting) -> QuerySet[MeetingRegistration]:
    """The registrations of the people recorded as present at a meeting (the minutes)."""
    return meeting.registrations.filter(attended=True).select_related("user").order_by("pk")


def meeting_attendee_ids(meeting: Meeting) -> list[int]:
    """Ids of the users recorded as present at a meeting (the attendance form's initial)."""
    return list(meeting.registrations.filter(attended=True).values_list("user_id", flat=True))


def meeting_action_items(meeting: Meeting) -> QuerySet[ActionItem]:
    """The action items decided at a meeting, with their owner."""
    return meeting.action_items.select_related("owner")


def meeting_next(group: WorkingGroup) -> Meeting | None:
    return group.meetings.filter(ends_at__gte=timezone.now()).order_by("starts_at").first()


def require_action_item_mover(user: AnyUser, item: ActionItem) -> None:
    """An action item's status is moved by its owner and the group's secretary (403)."""
    if item.owner_id != user.pk and not group_can_record_minutes(user, item.group):
        raise PermissionDenied(
            _(
                "An action item is moved by the person it is assigned to and by the group's "
                "secretary. Ask the secretary to reassign it to you."
            )
        )


def get_action_item_for_user(user: AnyUser, pk: int) -> ActionItem:
    """Action items are seen by the group's insiders (members and staff) only."""
    item = ActionItem.objects.select_related("group", "owner").filter(pk=pk).first()
    if item is None or not group_is_insider(user, item.group):
        raise Http404
    return item


def group_meetings(group: WorkingGroup) -> QuerySet[Meeting]:
    return group.meetings.order_by("-starts_at")


def action_items_due_for_reminder(*, today: date, days_before: int) -> QuerySet[ActionItem]:
    """Open items due soon whose owner can still open them: a member of the group or staff,
    with an active account. An owner who left the group, or whose account was deactivated,
    is not reminded (the reminder's link would answer 404, or nobody reads it); the item
    stays assigned to them until the secretary reassigns it."""
    last_day = date.fromordinal(today.toordinal() + days_before)
    still_member = Exists(
        GroupMember.objects.filter(group=OuterRef("group"), user=OuterRef("owner"))
    )
    owner_is_staff = cluster_staff_q("owner__")
    return (
        ActionItem.objects.filter(
            status__in=OPEN_STATUSES,
            due_on__gte=today,
            due_on__lte=last_day,
            reminded_on__isnull=True,
            owner__is_active=True,
        )
        .filter(Q(still_member) | owner_is_staff)
        .select_related("owner", "group")
    )


def action_items_overdue(today: date) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today)


# --- events ------------------------------------------------------------------------------

#: A month filter: ``YYYY-MM`` (the event list's form and the API).
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class EventFilters:
    region: str = ""
    kind: str = ""
    audience: str = ""
    month: str = ""  # "YYYY-MM"
    q: str = ""
    past: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> EventFilters:
        """The API's query parameters (an unknown region, kind or audience matches nothing).
        A month that is not ``YYYY-MM`` is refused (``ValidationError``: the API's 422), not
        dropped: the caller would take every upcoming event for that month's."""
        month = text_param(params, "month", max_length=100)
        if month and (not MONTH.fullmatch(month) or parse_month(month) is None):
            raise ValidationError({"month": [_("Give a month as YYYY-MM.")]})
        return cls(
            q=text_param(params, "q", max_length=100),
            region=str(params.get("region") or ""),
            kind=str(params.get("kind") or ""),
            audience=str(params.get("audience") or ""),
            month=month,
            past=bool(params.get("past")),
        )


def parse_month(value: str) -> tuple[datetime, datetime] | None:
    """``YYYY-MM`` as the aware datetimes bounding that month, or None when malformed."""
    try:
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except ValueError:
        return None
    last = date(year, month, calendar.monthrange(year, month)[1])
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last, time.max, tzinfo=zone),
    )


def events_listed(filters: EventFilters, *, now: datetime | None = None) -> QuerySet[Event]:
    """The published events the filters select: those not over yet at ``now`` (default:
    the present), the past ones, or those of a month. The event list, its calendar feed,
    the API and the event alerts read this one query."""
    qs: QuerySet[Event] = Event.objects.filter(published=True)
    now = now or timezone.now()
    month = parse_month(filters.month) if filters.month else None
    if month is not None:
        qs = qs.filter(starts_at__lte=month[1], ends_at__gte=month[0])
    elif filters.past:
        qs = qs.filter(ends_at__lt=now)
    else:
        qs = qs.filter(ends_at__gte=now)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.audience:
        qs = qs.filter(audience=filters.audience)
    if filters.q:
        qs = search.filter_queryset(qs, "search_text", filters.q)
    order = "-starts_at" if filters.past and month is None else "starts_at"
    return qs.order_by(order)


def get_event_for_user(user: AnyUser, slug: str) -> Event:
    """Published events are public (past ones keep their page); drafts are for staff."""
    event = Event.objects.filter(slug=slug).first()
    if event is None or (not event.published and not is_staff(user)):
        raise Http404
    return event


def event_can_manage(user: AnyUser, event: Event) -> bool:
    return is_staff(user)


def require_event_manager(user: AnyUser, event: Event) -> None:
    """Changing an event and reading its check-in list: staff (403 otherwise)."""
    if not event_can_manage(user, event):
        raise PermissionDenied(
            _(
                "An event and its check-in list are managed by the cluster staff, who run its "
                "registrations. If you organize this event with the cluster, ask the staff "
                "for the change or for the list."
            )
        )


def get_event_for_manager(user: AnyUser, slug: str) -> Event:
    """The event whose check-in list the user reads: 404 as :func:`get_event_for_user`,
    403 unless the user manages it (staff)."""
    event = get_event_for_user(user, slug)
    require_event_manager(user, event)
    return event


def require_registration_canceller(user: User, registration: EventRegistration) -> None:
    """A registration is cancelled by its registrant or by staff (403 otherwise)."""
    if registration.user_id != user.pk and not user.is_cluster_staff:
        raise PermissionDenied(
            _(
                "A registration is cancelled by the person who registered and by the cluster "
                "staff. Ask the person to cancel it, or write to the cluster staff."
            )
        )


def require_event_staff(user: AnyUser) -> None:
    """Creating and changing events is for cluster staff (403 with the reason)."""
    if not is_staff(user):
        raise PermissionDenied(_("Only cluster staff can publish events."))


def require_collab_staff(user: AnyUser) -> None:
    """The collaboration dashboard (figures of groups, meetings and events) is for staff (403
    with the staff check's reason)."""
    require_staff(user)


def event_registration(user: AnyUser, event: Event) -> EventRegistration | None:
    if not user.is_authenticated:
        return None
    return EventRegistration.objects.filter(event=event, user=user).first()


def get_event_registration_for_user(user: AnyUser, pk: int) -> EventRegistration:
    """A registration is its registrant's (and staff's) to see or cancel."""
    registration = EventRegistration.objects.select_related("event", "user").filter(pk=pk).first()
    if registration is None or not user.is_authenticated:
        raise Http404
    if registration.user_id != user.pk and not is_staff(user):
        raise Http404
    return registration


def event_counts(event: Event) -> dict[str, int]:
    rows = event.registrations.values("status").annotate(n=Count("pk"))
    counts = {status.value: 0 for status in RegistrationStatus}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def event_places_left(event: Event) -> int | None:
    confirmed = event_counts(event)[RegistrationStatus.CONFIRMED]
    return places.places_left(capacity=event.capacity, confirmed=confirmed)


def event_checkin_rows(event: Event) -> QuerySet[EventRegistration]:
    return (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def user_is_cluster_member(user: AnyUser) -> bool:
    """Signed in and belonging to an organization that is a member of the cluster."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organization__is_cluster_member=True).exists()


def dashboard_figures() -> dict[str, Any]:
    """What cluster staff follow: active groups, overdue actions, events and registrations."""
    today = timezone.localdate()
    groups = WorkingGroup.objects.filter(closed_on__isnull=True).annotate(
        n_members=Count("members", distinct=True)
    )
    overdue = action_items_overdue(today).select_related("group", "owner").order_by("due_on")
    upcoming = (
        Event.objects.filter(ends_at__gte=timezone.now())
        .annotate(
            n_confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            n_waiting=Count("registrations", filter=Q(registrations__status="waiting")),
        )
        .order_by("starts_at")[:20]
    )
    from aluhub.directory.selectors import directory_completeness_summary

    return {
        "groups": groups,
        "overdue": overdue,
        "events": upcoming,
        "today": today,
        "directory": directory_completeness_summary(),
    }


# --- group documents ---------------------------------------------------------------------


def document_can_view(user: AnyUser, document: GroupDocument) -> bool:
    """Public: anyone; cluster members: their members and staff; group: its insiders."""
    if document.confidentiality == Confidentiality.PUBLIC:
        return True
    if group_is_insider(user, document.group):
        return True
    return document.confidentiality == Confidentiality.MEMBERS and user_is_cluster_member(user)


def _document_visible_q(user: AnyUser) -> Q:
    visible = Q(confidentiality=Confidentiality.PUBLIC)
    if not user.is_authenticated:
        return visible
    if is_staff(user):
        return Q()
    if user_is_cluster_member(user):
        visible |= Q(confidentiality=Confidentiality.MEMBERS)
    return visible | Q(group__members__user=user)


def documents_visible(
    user: AnyUser, *, q: str = "", group: WorkingGroup | None = None, group_slug: str = ""
) -> QuerySet[GroupDocument]:
    """The documents ``user`` may read, searched in French or English (common.search),
    of one group when ``group`` (or its ``group_slug``) is given."""
    qs = GroupDocument.objects.filter(_document_visible_q(user)).distinct()
    if group is not None:
        qs = qs.filter(group=group)
    if group_slug:
        qs = qs.filter(group__slug=group_slug)
    if q:
        qs = search.filter_queryset(qs, "search_text", q)
    return qs.select_related("group").prefetch_related("versions").order_by("-updated_at", "pk")


def get_group_document_for_user(user: AnyUser, pk: int) -> GroupDocument:
    """The document, or 404 when it does not exist or the user may not read it."""
    document = GroupDocument.objects.select_related("group").filter(pk=pk).first()
    if document is None or not document_can_view(user, document):
        raise Http404
    return document


def document_versions(document: GroupDocument) -> QuerySet[DocumentVersion]:
    """A document's versions, newest first, with who uploaded each."""
    return document.versions.select_related("uploaded_by").order_by("-number")


def document_version(document: GroupDocument, number: int) -> DocumentVersion | None:
    return document.versions.filter(number=number).first()


def document_can_upload(user: AnyUser, group: WorkingGroup) -> bool:
    return group_is_insider(user, group)


def require_document_uploader(user: AnyUser, group: WorkingGroup) -> None:
    """Adding a document or a version is for the group's members and staff (403 with the
    reason)."""
    if not document_can_upload(user, group):
        raise PermissionDenied(
            _(
                "Only the members of the working group and the cluster staff add its documents. "
                "To join, ask the group's chair or the cluster staff to add you to the group."
            )
        )


def get_group_for_uploader(user: AnyUser, slug: str) -> WorkingGroup:
    """The group a document is added to: 404 as :func:`get_group_for_user`, 403 (with the
    reason) unless the user is a member of it or staff."""
    group = get_group_for_user(user, slug)
    require_document_uploader(user, group)
    return group


def get_document_for_uploader(user: AnyUser, pk: int) -> GroupDocument:
    """The document a new version is added to: 404 as :func:`get_group_document_for_user`,
    403 (with the reason) unless the user is a member of its group or staff."""
    document = get_group_document_for_user(user, pk)
    require_document_uploader(user, document.group)
    return document


# --- private calendar feeds --------------------------------------------------------------


def calendar_feed_of(user: AnyUser) -> CalendarFeed | None:
    """The user's active private calendar address, if any."""
    if not user.is_authenticated:
        return None
    return CalendarFeed.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()


#: The salt of the private feeds' signed addresses (aluhub.common.secret_links).
CALENDAR_FEED_PURPOSE = "aluhub.calendar-feed"


def calendar_feed_token(feed: CalendarFeed) -> str:
    """The secret of the feed's address (signed, never stored)."""
    return secret_links.signed_value(CALENDAR_FEED_PURPOSE, feed)


def get_calendar_feed_by_token(token: str) -> CalendarFeed:
    """The active feed of this secret (the secret is the access check), or 404."""
    feed = secret_links.row_by_link(
        CalendarFeed.objects.select_related("user").filter(
            revoked_at__isnull=True, user__is_active=True
        ),
        purpose=CALENDAR_FEED_PURPOSE,
        value=token,
    )
    if feed is None:
        raise Http404
    return feed


def my_calendar(user: User) -> tuple[list[Event], list[Meeting]]:
    """What a private feed holds: events the user is registered to (confirmed or waiting)
    and meetings they registered to (not those the minutes say they missed), from 30 days
    back (so a past entry stays a while). A withdrawn (unpublished) event leaves the feed, as
    it left its page. Each event says whether the user is only waiting (``waiting``)."""
    start = timezone.now() - timedelta(days=30)
    events: list[Event] = list(
        Event.objects.filter(
            published=True,
            registrations__user_id=user.pk,
            registrations__status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            ends_at__gte=start,
        )
        .annotate(
            waiting=Exists(
                EventRegistration.objects.filter(
                    event=OuterRef("pk"), user_id=user.pk, status=RegistrationStatus.WAITING
                )
            )
        )
        .distinct()
        .order_by("starts_at")
    )
    # A member the minutes record as absent keeps no entry (the attendance creates one).
    registered = MeetingRegistration.objects.filter(meeting=OuterRef("pk"), user_id=user.pk)
    meetings = list(
        Meeting.objects.filter(
            Exists(registered.exclude(attended=False)),
            group__members__user_id=user.pk,
            ends_at__gte=start,
        )
        .select_related("group")
        .distinct()
        .order_by("starts_at")
    )
    return events, meetings
