"""Business days in Québec: the first-response clock of technical requests.

Problem. Given two calendar dates ``start`` and ``end``, count the business days that
elapsed between them: the days d with start < d <= end that are Monday to Friday and not a
Québec statutory holiday. A request filed on Friday and answered on Monday took 1 business
day; answered the same day, 0. Unit: whole business days (no hours: the clock is coarse on
purpose, as is the cluster's service commitment).

Holidays (Loi sur les normes du travail and Loi sur la fête nationale, Québec):

* New Year's Day (1 January);
* Good Friday or Easter Monday, at the employer's choice: Good Friday by default,
  ``easter_monday=True`` takes Easter Monday instead (``both_easter_days=True`` takes both,
  as the Québec public service does);
* National Patriots' Day: the Monday before 25 May;
* Fête nationale (24 June; 25 June when the 24th is a Sunday);
* Canada Day (1 July; 2 July when the 1st is a Sunday);
* Labour Day: first Monday of September;
* Thanksgiving: second Monday of October;
* Christmas Day (25 December).

Easter Sunday follows the Gregorian computus (the anonymous "Meeus/Jones/Butcher" algorithm),
valid for every year of the Gregorian calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from aluhub.engines.errors import EngineInputError

MIN_YEAR = 1583  # first full Gregorian year


@dataclass(frozen=True, slots=True)
class Holiday:
    day: date
    code: str


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday of ``year``."""
    if year < MIN_YEAR:
        raise EngineInputError("year", f"must be {MIN_YEAR} or later (Gregorian calendar)")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th given weekday (Monday = 0) of a month."""
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def _sunday_to_monday(day: date) -> date:
    return day + timedelta(days=1) if day.weekday() == 6 else day


@cache
def quebec_holidays(
    year: int, *, easter_monday: bool = False, both_easter_days: bool = False
) -> tuple[Holiday, ...]:
    """Québec statutory holidays of ``year`` in date order (see the module docstring)."""
    easter = easter_sunday(year)
    may_25 = date(year, 5, 25)
    # The Monday strictly before 25 May (25 May itself when a Monday does not count).
    patriots = may_25 - timedelta(days=(may_25.weekday() or 7))
    days = [
        Holiday(date(year, 1, 1), "new_year"),
        Holiday(patriots, "patriots_day"),
        Holiday(_sunday_to_monday(date(year, 6, 24)), "fete_nationale"),
        Holiday(_sunday_to_monday(date(year, 7, 1)), "canada_day"),
        Holiday(_nth_weekday(year, 9, 0, 1), "labour_day"),
        Holiday(_nth_weekday(year, 10, 0, 2), "thanksgiving"),
        Holiday(date(year, 12, 25), "christmas"),
    ]
    if both_easter_days or not easter_monday:
        days.append(Holiday(easter - timedelta(days=2), "good_friday"))
    if both_easter_days or easter_monday:
        days.append(Holiday(easter + timedelta(days=1), "easter_monday"))
    return tuple(sorted(days, key=lambda h: h.day))


def is_business_day(day: date, *, easter_monday: bool = False) -> bool:
    """Monday to Friday and not a Québec statutory holiday."""
    if day.weekday() >= 5:
        return False
    holidays = quebec_holidays(day.year, easter_monday=easter_monday)
    return all(h.day != day for h in holidays)


def business_days_between(start: date, end: date, *, easter_monday: bool = False) -> int:
    """Business days d with start < d <= end (0 when end <= start)."""
    if end <= start:
        return 0
    # Whole weeks hold 5 weekdays each; only the remainder is walked day by day.
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = 5 * weeks
    for offset in range(1, rest + 1):
        if (start + timedelta(days=7 * weeks + offset)).weekday() < 5:
            count += 1
    for year in range(start.year, end.year + 1):
        for holiday in quebec_holidays(year, easter_monday=easter_monday):
            if start < holiday.day <= end and holiday.day.weekday() < 5:
                count -= 1
    return count


def add_business_days(start: date, n: int, *, easter_monday: bool = False) -> date:
    """The date ``n`` >= 0 business days after ``start`` (a due date)."""
    if n < 0:
        raise EngineInputError("n", "must be 0 or more business days")
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_business_day(day, easter_monday=easter_monday):
            n -= 1
    return day
