"""The Iranian (solar hijri) calendar, as Persian reports date things ("۸ آذر ۱۴۰۰")."""

from __future__ import annotations

import datetime as dt


def to_gregorian(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a solar hijri one (1 Farvardin 1400 is 21 March 2021).

    The arithmetic of the 33-year cycle the calendar's leap years follow, for the years
    news is written in (it raises ValueError for a day that does not exist)."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        raise ValueError(f"no day {day} in month {month}")
    year += 1595
    days = (
        -355668
        + 365 * year
        + (year // 33) * 8
        + ((year % 33) + 3) // 4
        + day
        + ((month - 1) * 31 if month < 7 else (month - 7) * 30 + 186)
    )
    return dt.date(1, 1, 1) + dt.timedelta(days=days - 1 - _DAYS_BEFORE_YEAR_ONE)


# The arithmetic above counts days from 1 January of year 0 (proleptic); this many lie
# before 1 January of year 1.
_DAYS_BEFORE_YEAR_ONE = 365


def near(month: int, day: int, year: int | None, around: dt.date) -> dt.date:
    """A solar hijri day and month (and year, if given) as the Gregorian date nearest to
    ``around`` (a report's day: its year is left out as often as not)."""
    if year is not None:
        return to_gregorian(year, month, day)
    guesses = [to_gregorian(around.year - 622 + k, month, day) for k in (0, 1)]
    return min(guesses, key=lambda d: abs((d - around).days))
