"""The daily jobs, by beat: activate what starts, raise reviews, remind, flag the overdue.

Each is idempotent and catching up: it reads only what is still due, and each record moves in
its own transaction, skipping one another run holds.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from musuc import records
from musuc.jobs import each_due
from restrictions import notices, rules
from restrictions.choices import RestrictionState, ReviewState
from restrictions.models import Restriction, Review, Term
from restrictions.services._shared import notify_managers
from restrictions.services.reviews import _review_open


def restrictions_activate_due(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Put in force every approved restriction whose start date has come (daily, by beat).

    Idempotent and catching up: it looks only at approved restrictions starting on or before
    today, so a second run, or a run after days of downtime, does exactly what is still due.
    Each restriction moves in its own transaction; one that another run moved first is skipped.
    """
    today = today or timezone.localdate()
    due = Restriction.objects.filter(
        state=RestrictionState.APPROVED, starts_on__lte=today
    ).order_by("starts_on", "id")
    return each_due(due, _restriction_activate, batch_size)


def _restriction_activate(restriction_pk: int) -> bool:
    with transaction.atomic():
        restriction = (
            Restriction.objects.select_for_update(skip_locked=True)
            .filter(pk=restriction_pk, state=RestrictionState.APPROVED)
            .first()
        )
        if restriction is None:
            return False
        restriction.activate()
        records.recorded_by(restriction, None, _("The start date came"))
        restriction.save()
        return True


def reviews_raise_due(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Raise a review for every ended term of a restriction in force that has none (daily).

    Idempotent and catching up: it reads only terms that ended before today with no review,
    and the database allows one review per term, so a second run or a second beat raises
    nothing more.
    """
    today = today or timezone.localdate()
    due = (
        Term.objects.filter(ends_on__lt=today, restriction__state=RestrictionState.ACTIVE)
        .exclude(reviews__state__in=[ReviewState.OPEN, ReviewState.DECIDED])
        .order_by("ends_on", "id")
    )
    return each_due(due, _review_raise, batch_size)


def _review_raise(term_pk: int) -> bool:
    try:
        with transaction.atomic():
            term = Term.objects.select_related("decided_by").get(pk=term_pk)
            restriction = (
                Restriction.objects.select_for_update(skip_locked=True)
                .filter(pk=term.restriction_id, state=RestrictionState.ACTIVE)
                .first()
            )
            if restriction is None or restriction.terms.order_by("-number").first() != term:
                return False  # another run has it, or a later term superseded this one
            _review_open(restriction, term)
            restriction.raise_review()
            records.recorded_by(restriction, None, _("The term ended: a review is due"))
            restriction.save()
            return True
    except IntegrityError:
        return False  # the database already holds this term's review


def reviews_flag_overdue(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Flag each open review past its due date, once, and tell the managers (daily).

    Only reviews not yet flagged are read (a partial index serves them), so a second run, or
    one after downtime, finds exactly what is still to do. Returns how many were flagged.
    """
    today = today or timezone.localdate()
    due = Review.objects.filter(
        state=ReviewState.OPEN,
        due_on__lt=today,
        overdue_flagged_at__isnull=True,
        restriction__state=RestrictionState.REVIEW_DUE,  # not one lifted on dispute
    ).order_by("due_on", "id")
    return each_due(due, _review_flag_overdue, batch_size)


def _review_flag_overdue(review_pk: int) -> bool:
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("restriction__service_user")
            .filter(
                pk=review_pk,
                overdue_flagged_at__isnull=True,
                state=ReviewState.OPEN,
                restriction__state=RestrictionState.REVIEW_DUE,
            )
            .first()
        )
        if review is None:
            return False
        subject, body = notices.review_overdue(review)
        notify_managers(
            team_id=review.team_id,
            key=f"review-overdue:{review.pk}",
            subject=subject,
            body=body,
            link=review.get_absolute_url(),
        )
        review.overdue_flagged_at = timezone.now()
        records.recorded_by(review, None, _("Past its due date"))
        review.save(update_fields=["overdue_flagged_at"])
        return True


def terms_remind_ending(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Remind managers, once per term, of restrictions whose term ends within 14 days (daily).

    Only terms not yet reminded are read (a partial index serves them). Returns how many terms
    were reminded of.
    """
    today = today or timezone.localdate()
    due = Term.objects.filter(
        ends_on__gte=today,
        ends_on__lte=today + dt.timedelta(days=rules.TERM_ENDING_REMINDER_DAYS),
        ending_reminder_sent_at__isnull=True,
        restriction__state=RestrictionState.ACTIVE,
    ).order_by("ends_on", "id")
    return each_due(due, _term_remind_ending, batch_size)


def _term_remind_ending(term_pk: int) -> bool:
    with transaction.atomic():
        term = (
            Term.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("restriction__service_user", "decided_by")
            .filter(pk=term_pk, ending_reminder_sent_at__isnull=True)
            .first()
        )
        if term is None:
            return False
        subject, body = notices.term_ending(term)
        notify_managers(
            team_id=term.decided_by.team_id,
            key=f"term-ending:{term.pk}:{term.ends_on:%Y%m%d}",
            subject=subject,
            body=body,
            link=term.restriction.get_absolute_url(),
        )
        term.ending_reminder_sent_at = timezone.now()
        term.save(update_fields=["ending_reminder_sent_at"])
        return True
