"""The 20 working days a dispute has, against real dates in England and Wales."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from disputes.rules import dispute_due_on, due_soon_until
from musuc.calendar import working_days_from
from musuc.models import OfficeClosureDay
from tests.disputes.factories import in_force, recorded


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        # Four clear weeks when nothing intervenes.
        (dt.date(2026, 11, 6), dt.date(2026, 12, 4)),
        # Before Christmas: Christmas Day and Boxing Day (observed Monday 28th) are skipped.
        (dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        # Over Christmas and New Year: 25 and 28 December and 1 January are skipped.
        (dt.date(2026, 12, 18), dt.date(2027, 1, 20)),
        # Received on Christmas Eve.
        (dt.date(2026, 12, 24), dt.date(2027, 1, 26)),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        (dt.date(2027, 3, 15), dt.date(2027, 4, 14)),
        # The early May bank holiday, 4 May 2026.
        (dt.date(2026, 4, 20), dt.date(2026, 5, 19)),
        # The late August bank holiday, 31 August 2026.
        (dt.date(2026, 8, 10), dt.date(2026, 9, 8)),
        # Received on a Saturday: the count starts on Monday.
        (dt.date(2026, 11, 7), dt.date(2026, 12, 4)),
    ],
)
def test_the_outcome_is_due_20_working_days_after_receipt(db, received_on, due_on):
    assert dispute_due_on(received_on) == due_on


def test_an_office_closure_day_moves_the_due_date(db):
    OfficeClosureDay.objects.create(date=dt.date(2026, 11, 18), reason="Office move")
    assert dispute_due_on(dt.date(2026, 11, 6)) == dt.date(2026, 12, 7)


def test_a_dispute_received_on_a_friday_afternoon_is_due_four_weeks_later(db):
    restriction = in_force(starts_on=dt.date(2026, 10, 1))
    with time_machine.travel(dt.datetime(2026, 11, 6, 17, 30, tzinfo=dt.UTC), tick=False):
        friday_afternoon = dt.datetime(2026, 11, 6, 16, 45, tzinfo=ZoneInfo("Europe/London"))
        dispute = recorded(restriction, received_at=friday_afternoon)
    assert dispute.due_on == dt.date(2026, 12, 4)


def test_due_soon_means_within_five_working_days(db):
    # From Thursday 24 December 2026: 29, 30, 31 December, 4 and 5 January.
    assert due_soon_until(dt.date(2026, 12, 24)) == dt.date(2027, 1, 5)


def test_working_days_left_count_down_and_go_negative_once_overdue(db):
    monday = dt.date(2026, 11, 23)
    left = working_days_from(
        monday, [dt.date(2026, 12, 4), monday, dt.date(2026, 11, 20), dt.date(2026, 11, 13)]
    )
    assert left == {
        dt.date(2026, 12, 4): 9,
        monday: 0,
        dt.date(2026, 11, 20): -1,
        dt.date(2026, 11, 13): -6,
    }
