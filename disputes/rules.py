"""The policy's rules on Stage 2 disputes, each written once."""

from __future__ import annotations

import datetime as dt

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
