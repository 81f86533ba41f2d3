import datetime as dt
import subprocess
import sys

import pytest

from musuc import calendar
from musuc.calendar import add_working_days, working_days_from
from musuc.models import OfficeClosureDay


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # A Friday afternoon's receipt: the Friday itself is not counted.
        (dt.date(2026, 11, 20), dt.date(2026, 12, 18)),
        # Over Christmas and New Year: 25, 26 (observed 28) December and 1 January are out.
        (dt.date(2026, 12, 11), dt.date(2027, 1, 13)),
        (dt.date(2026, 12, 24), dt.date(2027, 1, 26)),
        # Over Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        (dt.date(2027, 3, 19), dt.date(2027, 4, 20)),
        # The early May bank holiday (3 May 2027) and the late August one (30 August 2027).
        (dt.date(2027, 4, 26), dt.date(2027, 5, 25)),
        (dt.date(2027, 8, 20), dt.date(2027, 9, 20)),
    ],
)
def test_twenty_working_days_after_receipt(db, received, due):
    assert add_working_days(received, 20) == due


def test_an_office_closure_day_is_not_a_working_day(db):
    OfficeClosureDay.objects.create(date=dt.date(2026, 12, 29), reason="Office closed")
    assert add_working_days(dt.date(2026, 12, 24), 20) == dt.date(2027, 1, 27)


def test_ten_working_days_after_a_term_ends(db):
    assert add_working_days(dt.date(2026, 5, 22), 10) == dt.date(2026, 6, 8)  # Spring bank holiday


def test_working_days_between_counts_forwards_and_backwards(db):
    friday, next_friday = dt.date(2026, 11, 20), dt.date(2026, 11, 27)
    assert working_days_from(friday, [next_friday])[next_friday] == 5
    assert working_days_from(next_friday, [friday])[friday] == -5


def test_loading_the_calendar_reads_the_years_a_process_works_in():
    calendar.bank_holidays.cache_clear()
    calendar.load(dt.date(2026, 12, 1))
    assert calendar.bank_holidays.cache_info().currsize == 4
    calendar.bank_holidays(2025)
    calendar.bank_holidays(2028)
    assert calendar.bank_holidays.cache_info().misses == 4


def test_the_web_process_reads_the_calendar_at_start_up():
    """Before any request: importing the WSGI application loads it."""
    script = "import musuc.wsgi, musuc.calendar as c; print(c.bank_holidays.cache_info().currsize)"
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == str(calendar.YEARS_AHEAD + 2)
