"""The daily jobs, by beat: activate what starts, raise reviews, remind, flag the overdue.

Each is idempotent and catching up: it reads only what is still due, a batch at a time, and
does each batch in one transaction with the batch's rows locked, skipping those another run
holds (``musuc.jobs.each_batch``). A batch's changes are written as one guarded UPDATE, with
the history and the notifications inserted in bulk beside it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from musuc import records
from musuc.jobs import each_batch
from musuc.outbox import Told, notify_many, told_each
from restrictions import notices, rules
from restrictions.choices import RestrictionState, ReviewState
from restrictions.models import Restriction, Review, Term
from restrictions.services._shared import all_managers, managers_of
from restrictions.services.reviews import _review_of, _reviews_raised_told


def restrictions_activate_due(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Put in force every approved restriction whose start date has come (daily, by beat).

    Idempotent and catching up: it looks only at approved restrictions starting on or before
    today, so a second run, or a run after days of downtime, does exactly what is still due.
    """
    today = today or timezone.localdate()
    due = Restriction.objects.filter(
        state=RestrictionState.APPROVED, starts_on__lte=today
    ).order_by("starts_on", "id")
    return each_batch(due, _restrictions_activate, batch_size)


def _restrictions_activate(batch: list[Restriction]) -> int:
    for restriction in batch:
        restriction.activate()  # the state machine checks each move
    # The moves are written by one UPDATE, not save(): guarded on the transition's source
    # state, as ConcurrentTransitionMixin's save() is (protected=True only forbids assigning
    # the state on a record; the transition above is what changed it).
    records.saved_together(
        batch,
        only_if={"state": RestrictionState.APPROVED},
        label=_("The start date came"),
        values={"state": RestrictionState.ACTIVE},
    )
    return len(batch)


def reviews_raise_due(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Raise a review for every ended term of a restriction in force that has none (daily).

    Idempotent and catching up: it reads only the current terms that ended before today with
    no review, and the database allows one review per term, so a second run or a second beat
    raises nothing more.
    """
    today = today or timezone.localdate()
    later_term = Term.objects.filter(
        restriction=OuterRef("restriction"), number__gt=OuterRef("number")
    )
    due: QuerySet[Term] = (
        Term.objects.filter(ends_on__lt=today, restriction__state=RestrictionState.ACTIVE)
        .exclude(reviews__state__in=[ReviewState.OPEN, ReviewState.DECIDED])
        .exclude(Exists(later_term))  # a later term supersedes this one
        .select_related("restriction__service_user")
        .annotate(approver_team_id=F("decided_by__team_id"))
        .order_by("ends_on", "id")
    )
    # The restriction is locked with its term: it is what moves, and what a variation locks.
    return each_batch(due, _reviews_raise, batch_size, lock=("self", "restriction"))


def _reviews_raise(batch: list[Term]) -> int:
    managers = all_managers()
    due_on = rules.review_due_on_each(term.ends_on for term in batch)
    reviews = [
        _review_of(
            term,
            restriction=term.restriction,
            approver_team_id=term.approver_team_id,  # type: ignore[attr-defined]
            managers=managers,
            due_on=due_on[term.ends_on],
        )
        for term in batch
    ]
    # One review per term is the database's rule (review_once_per_term): the insert skips a
    # term that has one already, and only the reviews written here move their restriction.
    # Skipping returns no ids, so the reviews are read back; each is known for its own by the
    # moment it was raised, which the insert set on it.
    Review.objects.bulk_create(reviews, ignore_conflicts=True)
    raised_at = {review.term_id: review.raised_at for review in reviews}
    by_term = {term.pk: term for term in batch}
    raised = []
    for review in Review.objects.filter(term__in=batch, state=ReviewState.OPEN):
        if raised_at.get(review.term_id) == review.raised_at:
            review.term = by_term[review.term_id]
            review.restriction = review.term.restriction
            raised.append(review)
    records.created_together(raised)
    restrictions = [review.restriction for review in raised]
    for restriction in restrictions:
        restriction.raise_review()  # the state machine checks each move
    # One UPDATE, guarded on the transition's source state (see _restrictions_activate).
    records.saved_together(
        restrictions,
        only_if={"state": RestrictionState.ACTIVE},
        label=_("The term ended: a review is due"),
        values={"state": RestrictionState.REVIEW_DUE},
    )
    notify_many(_reviews_raised_told(raised, managers))
    return len(raised)


def reviews_flag_overdue(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Flag each open review past its due date, once, and tell the managers (daily).

    Only reviews not yet flagged are read (a partial index serves them), so a second run, or
    one after downtime, finds exactly what is still to do. Returns how many were flagged.
    """
    today = today or timezone.localdate()
    due = (
        Review.objects.filter(
            state=ReviewState.OPEN,
            due_on__lt=today,
            overdue_flagged_at__isnull=True,
            restriction__state=RestrictionState.REVIEW_DUE,  # not one lifted on dispute
        )
        .select_related("restriction__service_user")
        .order_by("due_on", "id")
    )
    return each_batch(due, _reviews_flag_overdue, batch_size)


def _reviews_flag_overdue(batch: list[Review]) -> int:
    managers = all_managers()
    told: list[Told] = []
    for review, (subject, body) in zip(batch, notices.review_overdue_each(batch), strict=True):
        told += told_each(
            managers_of(review.team_id, managers),
            key=f"review-overdue:{review.pk}",
            subject=subject,
            body=body,
            link=review.get_absolute_url(),
        )
    records.saved_together(
        batch,
        only_if={"state": ReviewState.OPEN, "overdue_flagged_at__isnull": True},
        label=_("Past its due date"),
        values={"overdue_flagged_at": timezone.now()},
    )
    notify_many(told)
    return len(batch)


def terms_remind_ending(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Remind managers, once per term, of restrictions whose term ends within 14 days (daily).

    Only terms not yet reminded are read (a partial index serves them). Returns how many terms
    were reminded of.
    """
    today = today or timezone.localdate()
    due: QuerySet[Term] = (
        Term.objects.filter(
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=rules.TERM_ENDING_REMINDER_DAYS),
            ending_reminder_sent_at__isnull=True,
            restriction__state=RestrictionState.ACTIVE,
        )
        .select_related("restriction__service_user")
        .annotate(approver_team_id=F("decided_by__team_id"))
        .order_by("ends_on", "id")
    )
    return each_batch(due, _terms_remind_ending, batch_size)


def _terms_remind_ending(batch: list[Term]) -> int:
    managers = all_managers()
    told: list[Told] = []
    for term, (subject, body) in zip(batch, notices.term_ending_each(batch), strict=True):
        told += told_each(
            managers_of(term.approver_team_id, managers),  # type: ignore[attr-defined]
            key=f"term-ending:{term.pk}:{term.ends_on:%Y%m%d}",
            subject=subject,
            body=body,
            link=term.restriction.get_absolute_url(),
        )
    records.saved_together(
        batch,
        only_if={"ending_reminder_sent_at__isnull": True},
        values={"ending_reminder_sent_at": timezone.now()},
    )
    notify_many(told)
    return len(batch)
