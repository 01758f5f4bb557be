"""iCalendar (RFC 5545) files for meetings and events, written with the ``icalendar`` library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as IcsEvent

from aluhub.common import documents
from aluhub.common.mail import site_url

from .models import Event, Meeting

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//AluHub//collab//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _meeting_entry(meeting: Meeting, *, with_video: bool) -> IcsEvent:
    """A meeting; its video-conference link only ``with_video`` (for the group's members and
    staff, as on the meeting page)."""
    entry = IcsEvent()
    entry.add("uid", f"meeting-{meeting.pk}@aluhub")
    entry.add("summary", f"{meeting.group.name} – {meeting.title}")
    entry.add("dtstart", meeting.starts_at.astimezone(UTC))
    entry.add("dtend", meeting.ends_at.astimezone(UTC))
    entry.add("dtstamp", meeting.created_at.astimezone(UTC))
    if meeting.place:
        entry.add("location", meeting.place)
    url = site_url(reverse("collab:meeting_detail", args=[meeting.pk]))
    entry.add("url", url)
    video = meeting.video_url if with_video else ""
    entry.add("description", "\n".join(part for part in (video, url) if part))
    return entry


def _event_entry(event: Event, *, waiting: bool = False) -> IcsEvent:
    """An event; ``waiting`` (the private feed of someone on its waiting list) names it so
    and marks it tentative: the person has no place yet."""
    entry = IcsEvent()
    entry.add("uid", f"event-{event.slug}@aluhub")
    if waiting:
        entry.add("summary", _("Waiting list: %(event)s") % {"event": event.title})
        entry.add("status", "TENTATIVE")
    else:
        entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("dtstamp", event.created_at.astimezone(UTC))
    location = ", ".join(part for part in (event.place, event.city) if part)
    if location:
        entry.add("location", location)
    url = site_url(reverse("collab:event_detail", args=[event.slug]))
    entry.add("url", url)
    entry.add("description", "\n\n".join(part for part in (event.description, url) if part))
    return entry


def ics_response(cal: Calendar, *, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type=ICS_CONTENT_TYPE)
    return documents.attachment(response, filename)


def meetings_calendar(name: str, meetings: Iterable[Meeting], *, with_video: bool) -> Calendar:
    cal = _calendar(name)
    for meeting in meetings:
        cal.add_component(_meeting_entry(meeting, with_video=with_video))
    return cal


def events_calendar(name: str, events: Iterable[Event]) -> Calendar:
    cal = _calendar(name)
    for event in events:
        cal.add_component(_event_entry(event))
    return cal


def personal_calendar(
    name: str, *, events: Iterable[Event], meetings: Iterable[Meeting]
) -> Calendar:
    """A user's own calendar: their events (those they only wait for named so, from
    ``selectors.my_calendar``'s ``waiting``) and the meetings they registered to (as a member
    of the group, so with the video-conference link) in one feed."""
    cal = _calendar(name)
    for event in events:
        cal.add_component(_event_entry(event, waiting=getattr(event, "waiting", False)))
    for meeting in meetings:
        cal.add_component(_meeting_entry(meeting, with_video=True))
    return cal
