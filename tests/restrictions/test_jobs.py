"""The daily jobs a batch at a time: the same few queries for one item or fifty, each item done
once by two runs at once, and a history row for every change, with who and what."""

import datetime as dt

import pytest

from musuc.models import Notification
from restrictions import services
from restrictions.choices import RestrictionState, ReviewState
from restrictions.models import Restriction, Review, Term
from tests.musuc.concurrency import two_runs_at_once
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory, restrictions_with_terms

START = dt.date(2026, 1, 1)  # a 3-month term from here ends on 31 March 2026
ENDED = dt.date(2026, 4, 1)
ENDING_SOON = dt.date(2026, 3, 20)
OVERDUE = dt.date(2026, 4, 17)  # the reviews raised on 1 April were due by 16 April


def _approved(count):
    manager = UserFactory(role="Manager")
    for _ in range(count):
        RestrictionFactory(
            state=RestrictionState.APPROVED,
            starts_on=START,
            proposed_by=manager,
            decided_by=manager,
        )


def _reviews_open(count):
    restrictions_with_terms(count, starts_on=START)
    assert services.reviews_raise_due(today=ENDED) == count


# Each job: how to make ``count`` items due, and how to run it on the day they are due.
JOBS = {
    "activate": (_approved, lambda **kw: services.restrictions_activate_due(today=START, **kw)),
    "raise reviews": (
        lambda count: restrictions_with_terms(count, starts_on=START),
        lambda **kw: services.reviews_raise_due(today=ENDED, **kw),
    ),
    "remind": (
        lambda count: restrictions_with_terms(count, starts_on=START),
        lambda **kw: services.terms_remind_ending(today=ENDING_SOON, **kw),
    ),
    "flag overdue": (
        _reviews_open,
        lambda **kw: services.reviews_flag_overdue(today=OVERDUE, **kw),
    ),
}
# The queries of one batch, however many items it holds: lock and read the batch, the managers
# (for a job that notifies), the change as one UPDATE, its history copied by one INSERT, the
# notifications by another; in a test the batch's transaction is a savepoint, two more.
# Raising reviews adds the office's closure days, the reviews written and read back, and
# their own history.
QUERIES = {"activate": 5, "raise reviews": 11, "remind": 7, "flag overdue": 7}


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("job", JOBS)
def test_a_batch_takes_the_same_few_queries_however_many_items(
    db, django_assert_max_num_queries, job, count
):
    make_due, run = JOBS[job]
    make_due(count)
    with django_assert_max_num_queries(QUERIES[job]):
        assert run() == count
    assert run() == 0


@pytest.mark.parametrize("job", JOBS)
def test_a_run_after_downtime_does_every_batch_and_a_second_run_nothing(db, job):
    make_due, run = JOBS[job]
    make_due(7)
    assert run(batch_size=3) == 7
    assert run(batch_size=3) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("job", JOBS)
def test_two_runs_at_once_do_each_item_exactly_once(job):
    make_due, run = JOBS[job]
    make_due(5)
    first, second = two_runs_at_once(
        lambda: run(batch_size=2), pause_at="musuc.records.saved_together"
    )
    assert (first, second) == (2, 3)  # the second skipped the batch the first held
    assert run() == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_activate_each_restriction_once_in_its_history():
    _approved(5)
    two_runs_at_once(
        lambda: services.restrictions_activate_due(today=START, batch_size=2),
        pause_at="musuc.records.saved_together",
    )
    for restriction in Restriction.objects.all():
        assert restriction.state == RestrictionState.ACTIVE
        assert restriction.history.filter(history_type="~").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_raise_one_review_and_tell_each_manager_once():
    restrictions_with_terms(5, starts_on=START)
    managers = UserFactory.create_batch(2, role="Manager")
    two_runs_at_once(
        lambda: services.reviews_raise_due(today=ENDED, batch_size=2),
        pause_at="musuc.records.saved_together",
    )
    assert Review.objects.count() == 5
    assert Review.history.filter(history_type="+").count() == 5
    assert Restriction.history.filter(history_type="~").count() == 5
    for manager in managers:
        assert Notification.objects.filter(recipient=manager).count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_remind_of_each_term_once():
    restrictions_with_terms(5, starts_on=START)
    two_runs_at_once(
        lambda: services.terms_remind_ending(today=ENDING_SOON, batch_size=2),
        pause_at="musuc.records.saved_together",
    )
    assert Term.history.filter(history_type="~").count() == 5
    keys = list(Notification.objects.values_list("key", flat=True))
    assert len(keys) == 5
    assert all(key.startswith("term-ending:") for key in keys)


def test_activation_is_in_each_restrictions_history_by_the_system(db):
    _approved(3)
    services.restrictions_activate_due(today=START)
    for restriction in Restriction.objects.all():
        latest = restriction.history.latest()
        assert (latest.state, latest.history_type) == (RestrictionState.ACTIVE, "~")
        assert latest.history_change_reason == "The start date came"
        assert latest.history_user is None


def test_a_raised_review_and_its_restriction_are_both_in_the_history(db):
    restrictions_with_terms(3, starts_on=START)
    services.reviews_raise_due(today=ENDED)
    for review in Review.objects.all():
        created = review.history.get()
        assert (created.history_type, created.state, created.due_on) == (
            "+",
            ReviewState.OPEN,
            dt.date(2026, 4, 16),
        )
        assert (created.history_user, created.history_change_reason) == (None, None)
        moved = review.restriction.history.latest()
        assert moved.state == RestrictionState.REVIEW_DUE
        assert moved.history_change_reason == "The term ended: a review is due"
        assert moved.history_user is None


def test_a_reminder_is_in_the_terms_history_without_a_label(db):
    restrictions_with_terms(2, starts_on=START)
    services.terms_remind_ending(today=ENDING_SOON)
    for term in Term.objects.all():
        latest = term.history.latest()
        assert latest.ending_reminder_sent_at == term.ending_reminder_sent_at
        assert (latest.history_user, latest.history_change_reason) == (None, None)


def test_an_overdue_flag_is_in_the_reviews_history(db):
    _reviews_open(2)
    services.reviews_flag_overdue(today=OVERDUE)
    for review in Review.objects.all():
        latest = review.history.latest()
        assert latest.overdue_flagged_at == review.overdue_flagged_at
        assert latest.history_change_reason == "Past its due date"
        assert latest.history_user is None


def test_each_manager_hears_once_of_each_review_raised_and_overdue(db):
    team_manager = UserFactory(role="Manager")
    restrictions_with_terms(3, starts_on=START, approver=team_manager)
    other = UserFactory(role="Manager")  # of the same team
    services.reviews_raise_due(today=ENDED)
    services.reviews_flag_overdue(today=OVERDUE)
    for manager in (team_manager, other):
        told = Notification.objects.filter(recipient=manager)
        assert told.filter(key__startswith="review-raised:").count() == 3
        assert told.filter(key__startswith="review-overdue:").count() == 3


def test_a_term_superseded_by_a_later_one_is_not_reviewed(db):
    (restriction,) = restrictions_with_terms(1, starts_on=START)
    first = restriction.terms.get()
    Term.objects.create(
        restriction=restriction,
        number=2,
        starts_on=ENDED,
        ends_on=dt.date(2026, 6, 30),
        months=3,
        decided_by=first.decided_by,
        decided_at=first.decided_at,
        reason="Extended",
    )
    assert services.reviews_raise_due(today=ENDED) == 0
    assert not Review.objects.exists()
