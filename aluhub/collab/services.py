# Size: one app's writes sharing permission helpers and locking; next: split meetings/events.
"""Writes of the collaboration space (keyword-only, typed, inside ``transaction.atomic``).

Permission checks that depend on the acting user are made here too (``by=``), so the
pages, the API and the commands share them; they raise ``PermissionDenied`` and
``ValidationError`` (shown as form errors / API 4xx).
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import IO, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common import search, subscriptions
from aluhub.common.mail import send_email
from aluhub.common.regions import region_choices
from aluhub.common.uploads import MB, check_upload

from . import selectors
from .models import (
    OPEN_STATUSES,
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    AntitrustAcknowledgement,
    Audience,
    CalendarFeed,
    Confidentiality,
    Decision,
    DocumentVersion,
    Event,
    EventKind,
    EventRegistration,
    GroupDocument,
    GroupMember,
    GroupRole,
    Meeting,
    MeetingRegistration,
    RegistrationStatus,
    WorkingGroup,
)

#: Owners are reminded of an open action item this many days before its due date.
ACTION_REMINDER_DAYS = 3
#: Registrants are reminded of an event that starts within this many hours.
EVENT_REMINDER_HOURS = 48


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _mail(
    *, user: User, subject: Callable[[], str], template: str, context: dict[str, object]
) -> None:
    """One e-mail to ``user`` in the user's language (queued by common.mail).

    ``subject`` is called inside the user's language, so it translates (and a bilingual
    title reads) in that language.
    """
    with translation.override(user.preferred_language or "fr"):
        send_email(
            to=[user.email],
            subject=subject(),
            body=render_to_string(template, {"user": user, **context}),
        )


# --- working groups and meetings ---------------------------------------------------------


@transaction.atomic
def group_member_add(
    *,
    group: WorkingGroup,
    user: User,
    role: str = GroupRole.MEMBER,
    organization: Organization | None = None,
) -> GroupMember:
    member, _created = GroupMember.objects.update_or_create(
        group=group, user=user, defaults={"role": role, "organization": organization}
    )
    return member


@transaction.atomic
def meeting_create(
    *,
    group: WorkingGroup,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
    agenda: Sequence[tuple[str, str]] = (),
    is_demo: bool = False,
) -> Meeting:
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})
    meeting = Meeting.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        is_demo=is_demo,
    )
    for position, (item_title, kind) in enumerate(agenda, start=1):
        AgendaItem.objects.create(
            meeting=meeting, position=position, title=item_title, kind=AgendaKind(kind)
        )
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by: User, title: str, kind: str) -> AgendaItem:
    _require_secretary(by, meeting)
    position = (meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0) + 1
    return AgendaItem.objects.create(
        meeting=meeting, position=position, title=title, kind=AgendaKind(kind)
    )


@transaction.atomic
def meeting_register(*, meeting: Meeting, user: User) -> MeetingRegistration:
    """Register a member of the group to an upcoming meeting (idempotent)."""
    if selectors.group_member(user, meeting.group) is None:
        raise PermissionDenied
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("This meeting is over."))
    registration, _created = MeetingRegistration.objects.get_or_create(meeting=meeting, user=user)
    return registration


@transaction.atomic
def meeting_unregister(*, meeting: Meeting, user: User) -> None:
    MeetingRegistration.objects.filter(meeting=meeting, user=user).delete()


@transaction.atomic
def antitrust_acknowledge(*, meeting: Meeting, user: User) -> AntitrustAcknowledgement:
    """Store (once) that ``user`` acknowledged the competition-law reminder, with the time."""
    if not selectors.group_is_insider(user, meeting.group):
        raise PermissionDenied
    ack, _created = AntitrustAcknowledgement.objects.get_or_create(meeting=meeting, user=user)
    return ack


def _require_secretary(by: User, meeting: Meeting) -> None:
    if not selectors.group_can_record_minutes(by, meeting.group):
        raise PermissionDenied


@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, by: User, present: Iterable[int]) -> int:
    """Mark the group members in ``present`` (user ids) as present, the others absent."""
    _require_secretary(by, meeting)
    present_ids = set(present)
    member_ids = set(meeting.group.members.values_list("user_id", flat=True))
    unknown = present_ids - member_ids
    if unknown:
        raise ValidationError({"present": _("Only members of the group can be marked present.")})
    for user_id in member_ids:
        MeetingRegistration.objects.update_or_create(
            meeting=meeting, user_id=user_id, defaults={"attended": user_id in present_ids}
        )
    return len(present_ids)


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    by: User,
    text: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    quorum_reached: bool | None = None,
) -> Decision:
    """Record a decision with the group's next number (vote counts only when a vote was held)."""
    _require_secretary(by, meeting)
    voted = votes_for is not None
    if voted != (votes_against is not None) or voted != (abstentions is not None):
        raise ValidationError(
            {"votes_for": _("Give the votes for, against and abstentions together, or none.")}
        )
    if voted and quorum_reached is None:
        raise ValidationError({"quorum_reached": _("Say whether the quorum was reached.")})
    group = WorkingGroup.objects.select_for_update().get(pk=meeting.group_id)
    number = (group.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            return Decision.objects.create(
                group=group,
                meeting=meeting,
                number=number,
                text=text,
                votes_for=votes_for,
                votes_against=votes_against,
                abstentions=abstentions,
                quorum_reached=quorum_reached if voted else None,
            )
    except IntegrityError as exc:  # a concurrent decision took the number: ask to retry
        raise ValidationError(_("Another decision was just recorded; try again.")) from exc


@transaction.atomic
def action_item_create(
    *, meeting: Meeting, by: User, title: str, owner: User, due_on: date
) -> ActionItem:
    _require_secretary(by, meeting)
    if selectors.group_member(owner, meeting.group) is None and not owner.is_cluster_staff:
        raise ValidationError({"owner": _("The owner must be a member of the group.")})
    return ActionItem.objects.create(
        group=meeting.group, meeting=meeting, title=title, owner=owner, due_on=due_on
    )


@transaction.atomic
def action_item_status_set(*, item: ActionItem, by: User, status: str) -> ActionItem:
    """The owner or the secretary moves an action item; closing it stamps ``closed_at``."""
    if item.owner_id != by.pk and not selectors.group_can_record_minutes(by, item.group):
        raise PermissionDenied
    item.status = ActionStatus(status)
    item.closed_at = None if item.status in OPEN_STATUSES else (item.closed_at or timezone.now())
    item.save(update_fields=["status", "closed_at"])
    return item


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: User, summary: str) -> Meeting:
    _require_secretary(by, meeting)
    meeting.minutes_summary = summary
    meeting.minutes_published_at = meeting.minutes_published_at or timezone.now()
    meeting.save(update_fields=["minutes_summary", "minutes_published_at"])
    return meeting


def _action_reminder_subject(item: ActionItem) -> str:
    return _("Reminder: action item due on %(date)s") % {"date": item.due_on.isoformat()}


def _event_reminder_subject(event: Event) -> str:
    return _("Reminder: %(event)s") % {"event": event.title}


def action_item_reminders_send(*, today: date | None = None) -> int:
    """E-mail each owner of an open action item due within ``ACTION_REMINDER_DAYS`` (once)."""
    today = today or timezone.localdate()
    sent = 0
    due = selectors.action_items_due_for_reminder(today=today, days_before=ACTION_REMINDER_DAYS)
    for item in due:
        with transaction.atomic():
            claimed = ActionItem.objects.filter(pk=item.pk, reminded_on__isnull=True).update(
                reminded_on=today
            )
            if not claimed:
                continue
            link = _site_url(reverse("collab:group_detail", args=[item.group.slug]))
            _mail(
                user=item.owner,
                subject=partial(_action_reminder_subject, item),
                template="collab/email/action_reminder.txt",
                context={"item": item, "link": link},
            )
            sent += 1
    return sent


# --- events ------------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    slug: str,
    title_fr: str,
    title_en: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    description_fr: str = "",
    description_en: str = "",
    organizer: str = "cluster",
    organizer_name: str = "",
    place: str = "",
    city: str = "",
    region: str = "",
    online_url: str = "",
    audience: str = "everyone",
    price_member_cad: Decimal | None = None,
    price_non_member_cad: Decimal | None = None,
    capacity: int | None = None,
    registration_open: bool = True,
    published: bool = True,
    source_url: str = "",
    is_demo: bool = False,
) -> Event:
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
    event = Event(
        registration_open=registration_open,
        published=published,
        source_url=source_url,
        slug=slug,
        title_fr=title_fr,
        title_en=title_en,
        description_fr=description_fr,
        description_en=description_en,
        kind=kind,
        organizer=organizer,
        organizer_name=organizer_name,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        city=city,
        region=region,
        online_url=online_url,
        audience=audience,
        price_member_cad=price_member_cad,
        price_non_member_cad=price_non_member_cad,
        capacity=capacity,
        is_demo=is_demo,
    )
    event.full_clean()
    event.save()
    return event


def _event_link(event: Event) -> str:
    return _site_url(reverse("collab:event_detail", args=[event.slug]))


@transaction.atomic
def event_register(*, event: Event, user: User) -> EventRegistration:
    """Register ``user``: confirmed while places are left, else on the waiting list.

    The event row is locked so two last-place registrations cannot both be confirmed.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.registration_open or event.ends_at < timezone.now():
        raise ValidationError(_("Registration is closed for this event."))
    existing = EventRegistration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return existing
    left = selectors.event_places_left(event)
    status = (
        RegistrationStatus.CONFIRMED if left is None or left > 0 else RegistrationStatus.WAITING
    )
    org = user.memberships.select_related("organization").order_by("-role").first()
    fields = {
        "status": status,
        "registered_at": timezone.now(),
        "cancelled_at": None,
        "promoted_at": None,
        "reminded_at": None,
        "organization_name": org.organization.name if org else "",
        "is_member_rate": selectors.user_is_cluster_member(user),
    }
    registration, _created = EventRegistration.objects.update_or_create(
        event=event, user=user, defaults=fields
    )
    template = (
        "collab/email/event_confirmed.txt"
        if status == RegistrationStatus.CONFIRMED
        else "collab/email/event_waiting.txt"
    )
    _mail(
        user=user,
        subject=lambda: (
            (
                _("Registration confirmed: %(event)s")
                if status == RegistrationStatus.CONFIRMED
                else _("Waiting list: %(event)s")
            )
            % {"event": event.title}
        ),
        template=template,
        context={"event": event, "link": _event_link(event)},
    )
    return registration


@transaction.atomic
def event_registration_cancel(
    *, registration: EventRegistration, by: User
) -> EventRegistration | None:
    """Cancel; when a confirmed place frees up, promote the first waiting person and e-mail them.

    Answers the promoted registration (or None).
    """
    if registration.user_id != by.pk and not by.is_cluster_staff:
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if not was_confirmed:
        return None
    return _promote_first_waiting(event)


def _promote_first_waiting(event: Event) -> EventRegistration | None:
    """Give a free place to the first person waiting and e-mail them (inside the caller's
    transaction, the event row locked); None when no place is free or nobody waits."""
    left = selectors.event_places_left(event)
    if left is not None and left <= 0:
        return None
    first = (
        EventRegistration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING)
        .select_related("user")
        .order_by("registered_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = RegistrationStatus.CONFIRMED
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at"])
    _mail(
        user=first.user,
        subject=lambda: _("A place is free for you: %(event)s") % {"event": event.title},
        template="collab/email/event_promoted.txt",
        context={"event": event, "link": _event_link(event)},
    )
    return first


def event_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail confirmed registrants of events starting within ``EVENT_REMINDER_HOURS`` (once)."""
    now = now or timezone.now()
    sent = 0
    due = EventRegistration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(hours=EVENT_REMINDER_HOURS),
    ).select_related("event", "user")
    for registration in due:
        with transaction.atomic():
            claimed = EventRegistration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            event = registration.event
            _mail(
                user=registration.user,
                subject=partial(_event_reminder_subject, event),
                template="collab/email/event_reminder.txt",
                context={"event": event, "link": _event_link(event)},
            )
            sent += 1
    return sent


# --- group documents ---------------------------------------------------------------------

#: Accepted document types and their size limit (bytes).
DOCUMENT_TYPES = {
    "pdf": 20 * MB,
    "docx": 20 * MB,
    "xlsx": 20 * MB,
    "pptx": 20 * MB,
    "csv": 5 * MB,
}
#: Characters of extracted text kept for the search document.
DOCUMENT_TEXT_MAX = 50_000
_OFFICE_TEXT_PARTS = {
    "docx": re.compile(r"^word/document\.xml$"),
    "pptx": re.compile(r"^ppt/slides/slide\d+\.xml$"),
    "xlsx": re.compile(r"^xl/sharedStrings\.xml$"),
}
_TAG = re.compile(r"<[^>]+>")


def document_text(fh: IO[bytes], kind: str) -> str:
    """The text of a file where it is cheap to get: CSV as written, the words of the XML
    parts of Office files (tags dropped); nothing for PDF (no parser in the stack)."""
    fh.seek(0)
    try:
        if kind == "csv":
            return fh.read(DOCUMENT_TEXT_MAX * 4).decode("utf-8", "ignore")[:DOCUMENT_TEXT_MAX]
        pattern = _OFFICE_TEXT_PARTS.get(kind)
        if pattern is None:
            return ""
        parts: list[str] = []
        with zipfile.ZipFile(fh) as archive:
            for name in sorted(n for n in archive.namelist() if pattern.match(n)):
                with archive.open(name) as part:
                    xml = part.read(DOCUMENT_TEXT_MAX * 8).decode("utf-8", "ignore")
                parts.append(html.unescape(_TAG.sub(" ", xml)))
        return " ".join(" ".join(parts).split())[:DOCUMENT_TEXT_MAX]
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    finally:
        fh.seek(0)


def document_reindex(*, document: GroupDocument) -> None:
    """Store the search document of ``document`` (title, description, latest text)."""
    latest = document.versions.order_by("-number").first()
    document.search_text = search.document(
        [document.title, document.description, latest.text if latest else ""]
    )
    GroupDocument.objects.filter(pk=document.pk).update(search_text=document.search_text)


def _require_group_member(by: User, group: WorkingGroup) -> None:
    if not selectors.group_is_insider(by, group):
        raise PermissionDenied(_("Only the members of the group can add documents."))


def _version_add(
    *, document: GroupDocument, by: User, upload: UploadedFile, note: str
) -> DocumentVersion:
    kind = check_upload(
        cast(IO[bytes], upload.file),
        name=upload.name or "",
        size=upload.size,
        accepted=DOCUMENT_TYPES,
    )
    text = document_text(cast(IO[bytes], upload.file), kind)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=(upload.name or f"document.{kind}")[-255:],
        kind=kind,
        size=upload.size or 0,
        note=note.strip(),
        text=text,
        uploaded_by=by,
    )
    upload.seek(0)
    version.file.save(f"v{number}.{kind}", upload, save=False)
    version.save()
    return version


@transaction.atomic
def group_document_create(
    *,
    group: WorkingGroup,
    by: User,
    title: str,
    upload: UploadedFile,
    confidentiality: str = Confidentiality.GROUP,
    description: str = "",
) -> GroupDocument:
    """A new document with its first version (the file is checked by content and size)."""
    _require_group_member(by, group)
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    document = GroupDocument.objects.create(
        group=group,
        title=title.strip(),
        description=description.strip(),
        confidentiality=Confidentiality(confidentiality),
        created_by=by,
    )
    try:
        _version_add(document=document, by=by, upload=upload, note="")
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    document_reindex(document=document)
    return document


@transaction.atomic
def document_version_add(
    *, document: GroupDocument, by: User, upload: UploadedFile, note: str = ""
) -> DocumentVersion:
    """Upload a new version; earlier versions stay downloadable."""
    _require_group_member(by, document.group)
    document = GroupDocument.objects.select_for_update().get(pk=document.pk)
    try:
        version = _version_add(document=document, by=by, upload=upload, note=note)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    GroupDocument.objects.filter(pk=document.pk).update(updated_at=timezone.now())
    document_reindex(document=document)
    return version


def documents_reindex() -> int:
    """Rebuild the search documents of every group document (``aluhub reindex``)."""
    count = 0
    for document in GroupDocument.objects.all():
        document_reindex(document=document)
        count += 1
    return count


# --- new-event alerts and private calendar feeds ------------------------------------------


def event_alert_request(
    *,
    email: str,
    language: str,
    frequency: str,
    region: str = "",
    kind: str = "",
    audience: str = "",
    user: User | None = None,
) -> subscriptions.SubscribeOutcome:
    """Subscribe ``email`` to new events matching the filter (blank = any); double opt-in
    and every consent rule are the subscriptions core's."""
    if kind and kind not in EventKind.values:
        raise ValidationError({"kind": _("Choose a type of event.")})
    if audience and audience not in Audience.values:
        raise ValidationError({"audience": _("Choose an audience.")})
    if region and region not in {code for code, _name in region_choices()}:
        raise ValidationError({"region": _("Choose a region.")})
    return subscriptions.subscribe(
        channel=subscriptions.get_channel("events"),
        email=email,
        language=language,
        frequency=frequency,
        user=user,
        match={"region": region, "kind": kind, "audience": audience},
    )


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Revoke the user's current private calendar address and give them a new one."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarFeed.objects.create(user=user)


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> int:
    """Revoke the user's private calendar address (the old URL answers 404 from now on)."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_read(*, feed: CalendarFeed) -> None:
    """Note when the feed was last read (at most once an hour, to spare the database)."""
    now = timezone.now()
    if feed.last_read_at is None or now - feed.last_read_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)


#: What the staff form may change on an event (the service checks and saves them).
EVENT_EDITABLE = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "kind",
    "organizer",
    "organizer_name",
    "starts_at",
    "ends_at",
    "place",
    "city",
    "region",
    "online_url",
    "audience",
    "price_member_cad",
    "price_non_member_cad",
    "capacity",
    "registration_open",
    "published",
    "source_url",
)


@transaction.atomic
def event_update(*, event: Event, by: User, **fields: object) -> tuple[Event, int]:
    """Change an event (staff). When the capacity grows, the first people waiting get the
    new places and an e-mail; a smaller capacity never cancels a confirmed registration.
    Answers the event and how many people were promoted."""
    if not selectors.event_can_manage(by, event):
        raise PermissionDenied
    unknown = set(fields) - set(EVENT_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    if event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
    event.full_clean()
    event.save()
    promoted = 0
    while _promote_first_waiting(event) is not None:
        promoted += 1
    return event, promoted
