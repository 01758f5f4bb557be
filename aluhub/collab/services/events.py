"""Writes of events: creation and changes, registration with the waiting list,
cancellation and promotion, reminders, new-event alerts and private calendar feeds."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import User
from aluhub.common import capacity as places
from aluhub.common import subscriptions, waiting_list
from aluhub.common.regions import region_choices

from .. import selectors
from ..models import (
    Audience,
    CalendarFeed,
    Event,
    EventKind,
    EventRegistration,
    RegistrationStatus,
)
from .notify import EVENT_REMINDER_HOURS, _mail


def _event_reminder_subject(event: Event) -> str:
    return _("Reminder: %(event)s") % {"event": event.title}


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


def _event_path(event: Event) -> str:
    return reverse("collab:event_detail", args=[event.slug])


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
    confirmed = selectors.event_counts(event)[RegistrationStatus.CONFIRMED]
    status = (
        RegistrationStatus.CONFIRMED
        if places.admits(capacity=event.capacity, confirmed=confirmed)
        else RegistrationStatus.WAITING
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
        context={"event": event},
        path=partial(_event_path, event),
    )
    return registration


@transaction.atomic
def event_registration_cancel(
    *, registration: EventRegistration, by: User
) -> EventRegistration | None:
    """Cancel; when a confirmed place frees up, promote the first waiting person and e-mail them.

    Answers the promoted registration (or None).
    """
    selectors.require_registration_canceller(by, registration)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    return waiting_list.cancel(registration, promote=lambda: _promote_waiting(event))


def _promote_waiting(event: Event) -> list[EventRegistration]:
    """Give the free places to the first people waiting and e-mail them (inside the
    caller's transaction, the event row locked): ``common.capacity.to_promote`` decides who;
    nobody when no place is free or nobody waits, or once the event is over (a place freed
    afterwards is of no use to anyone). A deactivated account waiting is passed over: the
    place goes to someone who can still come."""
    if event.ends_at < timezone.now():
        return []

    def tell(registration: EventRegistration) -> None:
        _mail(
            user=registration.user,
            subject=lambda: _("A place is free for you: %(event)s") % {"event": event.title},
            template="collab/email/event_promoted.txt",
            context={"event": event},
            path=partial(_event_path, event),
        )

    return waiting_list.promote(
        capacity=event.capacity,
        confirmed=selectors.event_counts(event)[RegistrationStatus.CONFIRMED],
        waiting=EventRegistration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING, user__is_active=True)
        .select_related("user")
        .order_by("registered_at", "pk"),
        notify=tell,
    )


def event_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail confirmed registrants of events starting within ``EVENT_REMINDER_HOURS`` (once)."""
    now = now or timezone.now()
    sent = 0
    due = EventRegistration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        user__is_active=True,  # a deactivated account is e-mailed nothing
        event__published=True,  # a withdrawn event's page answers 404: no reminder for it
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
                context={"event": event},
                path=partial(_event_path, event),
            )
            sent += 1
    return sent


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
    A new start time reminds the registrants again 48 h before it. Answers the event and
    how many people were promoted."""
    selectors.require_event_manager(by, event)
    unknown = set(fields) - set(EVENT_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    starts_at = event.starts_at
    for name, value in fields.items():
        setattr(event, name, value)
    if event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
    event.full_clean()
    event.save()
    if event.starts_at != starts_at:  # the reminder sent was for the old date
        event.registrations.update(reminded_at=None)
    return event, len(_promote_waiting(event))
