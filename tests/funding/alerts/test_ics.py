"""The hand-written iCalendar: CRLF, escaping, folding, stable UIDs (no Django)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aluhub.funding.alerts.ics import CalendarEvent, calendar, escape_text, fold

STAMP = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_escape_text_escapes_the_special_characters() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_calendar_event_has_uid_dates_and_crlf() -> None:
    text = calendar(
        [CalendarEvent("prog-closes", dt.date(2026, 3, 31), "Deadline: Prog")],
        name="Deadlines",
        domain="aluhub.example",
        stamp=STAMP,
    )
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "UID:prog-closes-20260331@aluhub.example" in lines
    assert "DTSTART;VALUE=DATE:20260331" in lines
    assert "DTEND;VALUE=DATE:20260401" in lines
    assert "DTSTAMP:20260102T030405Z" in lines
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert "\n" not in text.replace("\r\n", "")


@given(st.text(min_size=0, max_size=300))
def test_fold_keeps_lines_short_and_text_intact(text: str) -> None:
    line = "SUMMARY:" + escape_text(text).replace("\r", "")
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(parts) == line
