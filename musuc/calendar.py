"""Working days: Monday to Friday, less bank holidays in England and Wales and the office
closure days an administrator records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

from musuc.models import OfficeClosureDay


@lru_cache(maxsize=32)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales share their bank holidays; observed substitutes are included."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


# The years a process works out dates in: last year's dates, this year's, and the next two
# (a 12-month term and the review after it).
YEARS_AHEAD = 2


def load(today: dt.date | None = None) -> None:
    """Read the bank holidays into memory at start-up (the web process and the worker), so
    that no request pays for it: the first read imports the holidays package's calendars,
    about half a second."""
    year = (today or dt.datetime.now(dt.UTC).date()).year
    for each in range(year - 1, year + YEARS_AHEAD + 1):
        bank_holidays(each)


def closure_days(start: dt.date, end: dt.date) -> set[dt.date]:
    return set(
        OfficeClosureDay.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", flat=True
        )
    )


def is_working_day(day: dt.date, closures: set[dt.date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year) and day not in closures


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date that is ``days`` working days after ``start`` (``start`` itself not counted).

    Something received on a Friday afternoon with 20 working days to go is due four weeks
    later on the Friday, holidays and closures permitting.
    """
    return add_working_days_to_each([start], days)[start]


def add_working_days_to_each(starts: Iterable[dt.date], days: int) -> dict[dt.date, dt.date]:
    """``add_working_days`` for each start, reading closure days once: what a batch of due
    dates needs."""
    starts = set(starts)
    if not starts:
        return {}
    window = dt.timedelta(days=days * 2 + 30)  # one query covers any ordinary stretch
    window_end = max(starts) + window
    closures = closure_days(min(starts), window_end)
    due = {}
    for start in sorted(starts):
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if day > window_end:  # an unusual run of closures: look further ahead
                closures |= closure_days(day, day + window)
                window_end = day + window
            if is_working_day(day, closures):
                counted += 1
        due[start] = day
    return due


def working_days_from(start: dt.date, ends: Iterable[dt.date]) -> dict[dt.date, int]:
    """Working days after ``start`` up to and including each end (negative for an end that is
    earlier), reading closure days once: what a list of due dates needs."""
    ends = set(ends)
    if not ends:
        return {}
    first, last = min(ends | {start}), max(ends | {start})
    closures = closure_days(first, last)

    def between(low: dt.date, high: dt.date) -> int:
        return sum(
            1
            for offset in range(1, (high - low).days + 1)
            if is_working_day(low + dt.timedelta(days=offset), closures)
        )

    return {end: between(start, end) if end >= start else -between(end, start) for end in ends}
