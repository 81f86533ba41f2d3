"""Writes to a review: opening it, its decision (remove or extend), and the telling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed

from musuc import records
from musuc.models import User
from musuc.outbox import Told, notify_many, told_each
from restrictions import notices, rules
from restrictions.choices import ReviewOutcome, ReviewState
from restrictions.models import Restriction, Review, Term
from restrictions.services._shared import (
    _check_permission,
    _restriction_ended,
    all_managers,
    managers_of,
    review_team,
)


def _review_open(restriction: Restriction, term: Term) -> Review:
    """Open the review of a term that has ended, due 10 working days after its end, and tell
    the managers. The caller holds the restriction's lock and moves it to review due."""
    managers = all_managers()
    review = _review_of(
        term, restriction=restriction, approver_team_id=term.decided_by.team_id, managers=managers
    )
    review.save()
    notify_many(_reviews_raised_told([review], managers))
    return review


def _review_of(
    term: Term,
    *,
    restriction: Restriction,
    approver_team_id: int | None,
    managers: list[User],
    due_on: dt.date | None = None,
) -> Review:
    """The review of an ended term, not yet written: due 10 working days after its end
    (``due_on``, when the caller has worked it out for a batch), on the queue of the team of
    the manager who decided the term."""
    return Review(
        restriction=restriction,
        term=term,
        team_id=review_team(approver_team_id, managers),
        due_on=due_on or rules.review_due_on(term.ends_on),
    )


def _reviews_raised_told(reviews: Sequence[Review], managers: list[User]) -> list[Told]:
    """What the managers are told of reviews raised: each of them once, by the review's key."""
    told: list[Told] = []
    for review, (subject, body) in zip(reviews, notices.review_raised_each(reviews), strict=True):
        told += told_each(
            managers_of(review.team_id, managers),
            key=f"review-raised:{review.pk}",
            subject=subject,
            body=body,
            link=review.get_absolute_url(),
        )
    return told


@transaction.atomic
def review_decide(
    *,
    review: Review,
    manager: User,
    outcome: str,
    extend_months: int | None,
    reason: str,
) -> Review:
    """Remove the restriction, or extend it by a new term of 3, 6 or 12 months."""
    review = Review.objects.select_for_update().select_related("term").get(pk=review.pk)
    restriction = Restriction.objects.select_for_update().get(pk=review.restriction_id)
    review.restriction = restriction  # the guard reads the restriction as locked
    if review.state != ReviewState.OPEN or not can_proceed(review.decide):
        raise ValidationError(_("This review has already been decided: reload the page."))
    _check_permission(review.decide, manager, _("Only a manager can decide a review"))
    problems: rules.Problems = {}
    if outcome not in ReviewOutcome.values:
        problems["outcome"] = [_("Select remove or extend")]
    if outcome == ReviewOutcome.EXTEND:
        problems.update(rules.term_problems("extend_months", extend_months, extension=True))
    if not reason.strip():
        problems["reason"] = [_("Enter the reasons for the outcome")]
    records.refuse(problems)
    try:
        review.decide()
        (restriction.extend if outcome == ReviewOutcome.EXTEND else restriction.remove)()
    except TransitionNotAllowed:
        raise ValidationError(_("This review has already been decided: reload the page.")) from None
    now = timezone.now()
    review.outcome, review.reason = outcome, reason.strip()
    review.extend_months = extend_months if outcome == ReviewOutcome.EXTEND else None
    review.decided_by, review.decided_at = manager, now
    records.recorded_by(
        review,
        manager,
        _("Review decided: extend")
        if outcome == ReviewOutcome.EXTEND
        else _("Review decided: remove"),
    )
    review.save()
    if outcome == ReviewOutcome.EXTEND:
        starts_on = review.term.ends_on + dt.timedelta(days=1)
        Term.objects.create(  # type: ignore[misc]
            restriction=restriction,
            number=review.term.number + 1,
            starts_on=starts_on,
            ends_on=rules.term_end(starts_on, extend_months),  # type: ignore[arg-type]
            months=extend_months,
            decided_by=manager,
            decided_at=now,
            reason=reason.strip(),
        )
        records.recorded_by(restriction, manager, _("Extended after review"))
        restriction.save()
    else:
        _restriction_ended(
            restriction, ended_by=manager, reason=reason, label=_("Removed after review"), at=now
        )
    return review


@transaction.atomic
def review_record_told(
    *,
    review: Review,
    recorded_by: User,
    told_on: dt.date | None,
    told_method: str,
    not_told_reason: str,
) -> Review:
    """Record how and when the person was told the review's outcome, or why they could not be."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    problems: rules.Problems = {}
    if review.state != ReviewState.DECIDED:
        problems["__all__"] = [_("The person is told once the review is decided")]
    problems.update(
        rules.told_problems(
            told_on=told_on, told_method=told_method, not_told_reason=not_told_reason
        )
    )
    records.refuse(problems)
    if not_told_reason.strip():
        told_on, told_method = None, ""
    review.told_on, review.told_method = told_on, told_method
    review.not_told_reason = not_told_reason.strip()
    records.recorded_by(review, recorded_by)
    review.save()
    return review
