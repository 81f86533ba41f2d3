"""The policy's rules on Stage 2 disputes, each written once."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from musuc.calendar import add_working_days
from restrictions.choices import RestrictionState

# A dispute can be about a decision that has been approved and not yet ended or lifted.
DISPUTABLE_STATES = (
    RestrictionState.APPROVED,
    RestrictionState.ACTIVE,
    RestrictionState.REVIEW_DUE,
)
# "Outcome due within 20 working days of receipt."
DISPUTE_DUE_WORKING_DAYS = 20
# QSR are reminded of disputes due within this many working days; the queue highlights them.
DUE_SOON_WORKING_DAYS = 5


def dispute_due_on(received_on: dt.date) -> dt.date:
    """The outcome is due 20 working days after the day of receipt (that day not counted), so
    a dispute received on a Friday afternoon counts from the Monday."""
    return add_working_days(received_on, DISPUTE_DUE_WORKING_DAYS)


def due_soon_until(today: dt.date) -> dt.date:
    """The last due date that counts as due soon: within 5 working days of today."""
    return add_working_days(today, DUE_SOON_WORKING_DAYS)


def received_problems(*, received_on: dt.date, decided_on: dt.date, today: dt.date) -> list[str]:
    """(reading) A dispute is received between the decision it disputes and today (by date:
    the time of receipt is often not known to the minute)."""
    if received_on > today:
        return [_("The date and time received must be in the past")]
    if received_on < decided_on:
        return [
            _(
                "A dispute cannot be received before the decision it disputes, made on "
                "%(date)s: check the date received"
            )
            % {"date": date_format(decided_on, "j F Y")}
        ]
    return []
