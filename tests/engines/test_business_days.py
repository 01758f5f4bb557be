"""Québec business days: holidays of known years (published calendars) and counting."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from aluhub.engines.business_days import (
    add_business_days,
    business_days_between,
    easter_sunday,
    is_business_day,
    quebec_holidays,
)


def test_easter_sunday_known_years() -> None:
    # Published Easter dates.
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2038) == date(2038, 4, 25)
    assert easter_sunday(2008) == date(2008, 3, 23)


def test_quebec_holidays_2025_match_the_cnesst_calendar() -> None:
    days = {h.code: h.day for h in quebec_holidays(2025)}
    assert days == {
        "new_year": date(2025, 1, 1),
        "good_friday": date(2025, 4, 18),
        "patriots_day": date(2025, 5, 19),
        "fete_nationale": date(2025, 6, 24),
        "canada_day": date(2025, 7, 1),
        "labour_day": date(2025, 9, 1),
        "thanksgiving": date(2025, 10, 13),
        "christmas": date(2025, 12, 25),
    }


def test_quebec_holidays_easter_monday_instead_of_good_friday() -> None:
    codes = {h.code: h.day for h in quebec_holidays(2025, easter_monday=True)}
    assert codes["easter_monday"] == date(2025, 4, 21)
    assert "good_friday" not in codes


def test_quebec_holidays_sunday_fete_nationale_moves_to_monday() -> None:
    # 24 June 2029 and 1 July 2029 are Sundays.
    days = {h.code: h.day for h in quebec_holidays(2029)}
    assert days["fete_nationale"] == date(2029, 6, 25)
    assert days["canada_day"] == date(2029, 7, 2)


def test_patriots_day_when_may_25_is_a_monday() -> None:
    # 25 May 2026 is a Monday: the Monday *before* it is 18 May.
    days = {h.code: h.day for h in quebec_holidays(2026)}
    assert days["patriots_day"] == date(2026, 5, 18)


def test_business_days_between_friday_to_monday_is_one() -> None:
    assert business_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1


def test_business_days_between_same_day_is_zero() -> None:
    assert business_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0
    assert business_days_between(date(2026, 3, 9), date(2026, 3, 6)) == 0


def test_business_days_between_skips_christmas_and_new_year() -> None:
    # Tue 23 Dec 2025 -> Fri 2 Jan 2026: 24, 26, 29, 30, 31 Dec and 2 Jan.
    assert business_days_between(date(2025, 12, 23), date(2026, 1, 2)) == 6


def test_is_business_day_holiday_and_weekend() -> None:
    assert is_business_day(date(2025, 6, 24)) is False
    assert is_business_day(date(2025, 6, 28)) is False
    assert is_business_day(date(2025, 6, 25)) is True


def _walk(start: date, end: date) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day)
    return count


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(dates, st.integers(min_value=0, max_value=400))
def test_business_days_between_matches_a_day_by_day_walk(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    assert business_days_between(start, end) == _walk(start, end)


@given(dates, st.integers(min_value=0, max_value=60))
def test_add_business_days_inverts_the_count(start: date, n: int) -> None:
    due = add_business_days(start, n)
    assert business_days_between(start, due) == n
    assert n == 0 or is_business_day(due)
