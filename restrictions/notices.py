"""What staff are told of restrictions' work: every notification's subject and body, in one place.

Each function takes the record the notice is about and returns its subject and body, ready for
the outbox; the services decide who is told and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musuc.models import User
from restrictions.models import Restriction, Review, Term

Notice = tuple[str, str]  # (subject, body)

# What the proposer is told of each decision: the outcome in the subject, and what comes next.
DECISION_NOTICES = {
    "approve": (
        gettext_lazy("Your proposed restriction was approved: %(name)s"),
        gettext_lazy(
            "%(manager)s approved the restriction you proposed for %(name)s (%(reference)s). "
            "It applies from %(start)s."
        ),
    ),
    "reject": (
        gettext_lazy("Your proposed restriction was rejected: %(name)s"),
        gettext_lazy(
            "%(manager)s rejected the restriction you proposed for %(name)s (%(reference)s)."
        ),
    ),
    "return": (
        gettext_lazy("Your proposed restriction was returned to you: %(name)s"),
        gettext_lazy(
            "%(manager)s returned the restriction you proposed for %(name)s (%(reference)s) "
            "for you to change and submit again."
        ),
    ),
}


def notice_date(day: dt.date) -> str:
    """A date as a notification's sentence reads it: 5 March 2026."""
    return date_format(day, "DATE_FORMAT")


def approval_awaited(restriction: Restriction, proposer: User) -> Notice:
    """To the managers: a proposal awaits their decision."""
    person = restriction.service_user
    return (
        _("A restriction awaits your decision: %(name)s") % {"name": person.full_name},
        _("%(proposer)s proposed a restriction for %(name)s (%(reference)s).")
        % {"proposer": proposer, "name": person.full_name, "reference": person.reference},
    )


def decision_made(restriction: Restriction, manager: User, decision: str) -> Notice:
    """To the proposer: what a manager decided of their proposal, and why."""
    person = restriction.service_user
    subject, body = DECISION_NOTICES[decision]
    words = {
        "manager": manager,
        "name": person.full_name,
        "reference": person.reference,
        "start": notice_date(restriction.starts_on) if restriction.starts_on else "",
    }
    text = body % words
    if restriction.decision_reason:
        text += "\n\n" + _("Their reasons: %(reason)s") % {"reason": restriction.decision_reason}
    return subject % words, text


def _each_worded(
    records: Sequence[Review] | Sequence[Term],
    subject: str,
    body: str,
    **dates: Callable[[Any], dt.date],
) -> list[Notice]:
    """A batch's notices about restrictions' records: each names the person and their
    reference, and the given dates, each date worded once for the batch."""
    say = cache(notice_date)
    notices = []
    for record in records:
        person = record.restriction.service_user
        words = {"name": person.full_name, "reference": person.reference}
        words |= {key: say(date_of(record)) for key, date_of in dates.items()}
        notices.append((subject % words, body % words))
    return notices


def review_raised(review: Review) -> Notice:
    """To the managers: a term has ended and its review is due."""
    return review_raised_each([review])[0]


def review_raised_each(reviews: Sequence[Review]) -> list[Notice]:
    """``review_raised`` for each review, its words translated once (a daily job's batch)."""
    subject = _("A restriction review is due: %(name)s")
    body = _(
        "The term of the restriction on %(name)s (%(reference)s) ended on %(end)s. "
        "Decide the review by %(due)s."
    )
    return _each_worded(
        reviews, subject, body, end=lambda review: review.term.ends_on, due=lambda r: r.due_on
    )


def review_overdue(review: Review) -> Notice:
    """To the managers: a review is past its due date."""
    return review_overdue_each([review])[0]


def review_overdue_each(reviews: Sequence[Review]) -> list[Notice]:
    """``review_overdue`` for each review, its words translated once (a daily job's batch)."""
    subject = _("A restriction review is overdue: %(name)s")
    body = _(
        "The review of the restriction on %(name)s (%(reference)s) was due by %(due)s "
        "and has not been decided yet."
    )
    return _each_worded(reviews, subject, body, due=lambda review: review.due_on)


def term_ending(term: Term) -> Notice:
    """To the managers: a term ends soon, and its review follows."""
    return term_ending_each([term])[0]


def term_ending_each(terms: Sequence[Term]) -> list[Notice]:
    """``term_ending`` for each term, its words translated once (a daily job's batch)."""
    subject = _("A restriction term ends soon: %(name)s")
    body = _(
        "The term of the restriction on %(name)s (%(reference)s) ends on %(end)s; "
        "a review will be raised the next day."
    )
    return _each_worded(terms, subject, body, end=lambda term: term.ends_on)
