"""An iCalendar (RFC 5545) document of intake deadlines, written by hand.

Plain Python (no Django): one all-day VEVENT per program and date. Lines end with CRLF,
text values escape backslash, semicolon, comma and newlines, and lines longer than 75
octets are folded (CRLF + one space) without cutting a UTF-8 character. The UID is
stable per program and date, so a calendar that re-reads the feed updates events in
place instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PRODID = "-//AluHub//Funding deadlines//FR"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid_key: str  # e.g. "<program slug>-closes"
    day: date
    summary: str
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """RFC 5545 TEXT escaping."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuation lines start with a space)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    limit = 75
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # the leading space of a continuation line counts
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def calendar(events: Iterable[CalendarEvent], *, name: str, domain: str, stamp: datetime) -> str:
    """The VCALENDAR text (CRLF line ends). ``stamp`` is DTSTAMP (UTC)."""
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in sorted(events, key=lambda e: (e.day, e.uid_key)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid_key}-{event.day:%Y%m%d}@{domain}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("TRANSP:TRANSPARENT")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
