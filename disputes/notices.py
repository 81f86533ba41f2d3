"""The words of every notification the disputes app sends staff: each subject and body here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disputes.choices import DisputeOutcome
from disputes.models import Dispute

Notice = tuple[str, str]

# What the managers are told of each outcome: the outcome itself, and what it did.
OUTCOME_NOTICES = {
    DisputeOutcome.UPHELD: (
        gettext_lazy("A Stage 2 dispute was upheld: %(name)s"),
        gettext_lazy(
            "The dispute from %(name)s (%(reference)s) was upheld: the restriction was lifted."
        ),
    ),
    DisputeOutcome.PARTLY_UPHELD: (
        gettext_lazy("A Stage 2 dispute was partly upheld: %(name)s"),
        gettext_lazy(
            "The dispute from %(name)s (%(reference)s) was partly upheld: the restriction was "
            "varied."
        ),
    ),
    DisputeOutcome.NOT_UPHELD: (
        gettext_lazy("A Stage 2 dispute was not upheld: %(name)s"),
        gettext_lazy(
            "The dispute from %(name)s (%(reference)s) was not upheld: the restriction stays as "
            "it is."
        ),
    ),
}
UPHELD_AFTER_THE_END = gettext_lazy(
    "The dispute from %(name)s (%(reference)s) was upheld. The restriction had already ended, "
    "so there was nothing to lift."
)


def _date(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _words(dispute: Dispute, say: Callable[[dt.date], str] = _date) -> dict[str, str]:
    person = dispute.service_user
    return {"name": person.full_name, "reference": person.reference, "due": say(dispute.due_on)}


def received(dispute: Dispute) -> Notice:
    """To the QSR team: a dispute came in."""
    words = _words(dispute)
    return (
        _("A Stage 2 dispute was received: %(name)s") % words,
        _("A dispute about the restriction on %(name)s (%(reference)s) is due by %(due)s.") % words,
    )


def assigned(dispute: Dispute, by) -> Notice:
    """To the person a dispute was given to, by someone else."""
    words = {**_words(dispute), "by": by}
    return (
        _("A dispute was assigned to you: %(name)s") % words,
        _("%(by)s assigned you the dispute from %(name)s (%(reference)s), due by %(due)s.") % words,
    )


def decided(dispute: Dispute, *, outcome: str, nothing_to_lift: bool) -> Notice:
    """To the approving team's managers: the outcome, and what it did to the restriction."""
    words = _words(dispute)
    subject, body = OUTCOME_NOTICES[outcome]  # type: ignore[index]
    if outcome == DisputeOutcome.UPHELD and nothing_to_lift:
        body = UPHELD_AFTER_THE_END
    return subject % words, body % words


def contact_flagged(dispute: Dispute) -> Notice:
    """To the approving team's managers: unacceptable contact while the dispute is open."""
    words = _words(dispute)
    return (
        _("Unacceptable contact during a dispute: %(name)s") % words,
        _(
            "%(name)s (%(reference)s) made unacceptable contact while their dispute about "
            "the restriction is open. Consider whether the restriction should be varied."
        )
        % words,
    )


def due_soon(dispute: Dispute) -> Notice:
    """To the assignee (or the QSR team): the outcome is due within 5 working days."""
    return due_soon_each([dispute])[0]


def due_soon_each(disputes: Sequence[Dispute]) -> list[Notice]:
    """``due_soon`` for each dispute, its words translated once (a daily job's batch)."""
    subject = _("A dispute is due soon: %(name)s")
    body = _("The outcome of the dispute from %(name)s (%(reference)s) is due by %(due)s.")
    return _each(disputes, subject, body)


def overdue(dispute: Dispute) -> Notice:
    """To the assignee (or the QSR team): the outcome is past its due date."""
    return overdue_each([dispute])[0]


def overdue_each(disputes: Sequence[Dispute]) -> list[Notice]:
    """``overdue`` for each dispute, its words translated once (a daily job's batch)."""
    subject = _("A dispute is overdue: %(name)s")
    body = _("The outcome of the dispute from %(name)s (%(reference)s) was due by %(due)s.")
    return _each(disputes, subject, body)


def _each(disputes: Sequence[Dispute], subject: str, body: str) -> list[Notice]:
    say = cache(_date)  # a batch's disputes share a few due dates
    notices = []
    for dispute in disputes:
        words = _words(dispute, say)
        notices.append((subject % words, body % words))
    return notices
