"""The policy's rules on Stage 2 disputes, each written once."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from disputes.choices import OPEN_STATES, DisputeOutcome, DisputeState
from musuc.calendar import add_working_days
from restrictions.choices import RestrictionState

if TYPE_CHECKING:
    from disputes.models import Dispute

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
            % {"date": date_format(decided_on, "DATE_FORMAT")}
        ]
    return []


def overdue_q(today: dt.date) -> Q:
    """Overdue is derived: still awaiting an outcome after its due date."""
    return Q(state__in=OPEN_STATES, due_on__lt=today)


def due_soon_q(today: dt.date) -> Q:
    """Awaiting an outcome and due within 5 working days (today included)."""
    return Q(state__in=OPEN_STATES, due_on__gte=today, due_on__lte=due_soon_until(today))


def decision_takers(dispute: Dispute) -> set[int]:
    """The independence rule: nobody who proposed or approved the restriction, or decided the
    disputed term, handles the dispute. These are the ids of those people."""
    restriction, term = dispute.restriction, dispute.term
    return {
        pk
        for pk in (restriction.proposed_by_id, restriction.decided_by_id, term.decided_by_id)
        if pk is not None
    }


def took_part_in_decision(dispute: Dispute, user) -> bool:
    """Whether this person took part in the decision disputed (so cannot judge it)."""
    return user.pk in decision_takers(dispute)


def not_independent(user, *, yourself: bool) -> str:
    """Why someone who took part in the decision is not offered the dispute."""
    if yourself:
        return _(
            "You proposed or approved the restriction decision this dispute is about, so you "
            "cannot handle it: another member of the QSR team must assess and decide it."
        )
    return _(
        "%(name)s proposed or approved the restriction decision this dispute is about, so "
        "cannot handle it: choose another member of the QSR team."
    ) % {"name": user}


def not_assignable(dispute: Dispute) -> str | None:
    """Why a dispute can no longer be assigned, from its state; None while it awaits an outcome."""
    if dispute.state in OPEN_STATES:
        return None
    return {
        DisputeState.DECIDED: _("%(dispute)s cannot be assigned: it has been decided."),
        DisputeState.CLOSED: _("%(dispute)s cannot be assigned: it is closed."),
        DisputeState.WITHDRAWN: _("%(dispute)s cannot be assigned: it was withdrawn."),
    }[dispute.state] % {"dispute": dispute}


def outcome_contradiction(
    *, outcome: str, new_term_months: int | None, changes_conditions: bool
) -> str | None:
    """Only a dispute partly upheld varies the restriction: a new term or new conditions chosen
    with another outcome contradict it, and are refused rather than ignored."""
    if outcome not in DisputeOutcome.values or outcome == DisputeOutcome.PARTLY_UPHELD:
        return None
    if not new_term_months and not changes_conditions:
        return None
    return _(
        "Only a dispute partly upheld changes the term or the conditions, but you chose "
        "“%(outcome)s” with a new term or new conditions. Choose partly upheld, or keep the "
        "current term and conditions."
    ) % {"outcome": DisputeOutcome(outcome).label}
