import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from restrictions import services
from restrictions.choices import RestrictionState, ReviewState
from restrictions.models import Review
from restrictions.tasks import raise_due_reviews
from tests.contacts.factories import ContactFactory
from tests.musuc.factories import TeamFactory, UserFactory
from tests.restrictions.factories import approved_restriction

_approved = approved_restriction

LONDON = dt.UTC


def _run_on(day):
    with time_machine.travel(dt.datetime.combine(day, dt.time(0, 10)), tick=False):
        return raise_due_reviews()


def test_a_review_is_raised_the_day_after_the_term_ends(db):
    restriction = _approved(dt.date(2026, 1, 1))  # term ends 31 March 2026
    assert _run_on(dt.date(2026, 3, 31)) == 0
    assert _run_on(dt.date(2026, 4, 1)) == 1
    restriction.refresh_from_db()
    review = Review.objects.get()
    assert restriction.state == RestrictionState.REVIEW_DUE
    assert review.term == restriction.terms.get()
    # Ten working days after 31 March 2026, skipping Good Friday and Easter Monday.
    assert review.due_on == dt.date(2026, 4, 16)


def test_raising_twice_or_after_downtime_makes_exactly_one_review_each(db):
    for start in (dt.date(2026, 1, 1), dt.date(2026, 1, 5), dt.date(2026, 2, 1)):
        _approved(start)
    assert _run_on(dt.date(2026, 6, 1)) == 3  # a week or more of downtime: all caught up
    assert _run_on(dt.date(2026, 6, 1)) == 0
    assert _run_on(dt.date(2026, 6, 2)) == 0
    assert Review.objects.count() == 3


def test_the_review_goes_to_the_approving_managers_team(db):
    team = TeamFactory(name="Casework Team B")
    restriction = _approved(dt.date(2026, 1, 1), approver=UserFactory(role="Manager", team=team))
    _run_on(dt.date(2026, 4, 1))
    assert restriction.reviews.get().team == team


def test_the_database_refuses_a_second_review_of_a_term(db):
    restriction = _approved(dt.date(2026, 1, 1))
    _run_on(dt.date(2026, 4, 1))
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            restriction=restriction, term=restriction.terms.get(), due_on=dt.date(2026, 5, 1)
        )


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_raise_each_review_once():
    for start in (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 2),
        dt.date(2026, 1, 3),
        dt.date(2026, 1, 4),
    ):
        _approved(start)
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(services.reviews_raise_due(today=dt.date(2026, 6, 1), batch_size=2))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 4
    assert Review.objects.count() == 4


def test_extending_makes_the_next_term_and_puts_the_restriction_back_in_force(db):
    restriction = _approved(dt.date(2026, 1, 1))
    _run_on(dt.date(2026, 4, 1))
    manager = UserFactory(role="Manager")
    services.review_decide(
        review=Review.objects.get(),
        manager=manager,
        outcome="extend",
        extend_months=6,
        reason="Still needed",
    )
    restriction.refresh_from_db()
    term = restriction.terms.get(number=2)
    assert restriction.state == RestrictionState.ACTIVE
    assert (term.starts_on, term.ends_on, term.months) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 9, 30),
        6,
    )
    assert Review.objects.get().state == ReviewState.DECIDED


def test_removing_ends_the_restriction_with_the_reason(db):
    restriction = _approved(dt.date(2026, 1, 1))
    _run_on(dt.date(2026, 4, 1))
    services.review_decide(
        review=Review.objects.get(),
        manager=UserFactory(role="Manager"),
        outcome="remove",
        extend_months=None,
        reason="Behaviour changed",
    )
    restriction.refresh_from_db()
    assert (restriction.state, restriction.ended_reason) == (
        RestrictionState.ENDED,
        "Behaviour changed",
    )


def test_extending_needs_a_term_and_a_manager(db):
    _approved(dt.date(2026, 1, 1))
    _run_on(dt.date(2026, 4, 1))
    review = Review.objects.get()
    with pytest.raises(ValidationError) as refused:
        services.review_decide(
            review=review,
            manager=UserFactory(role="Manager"),
            outcome="extend",
            extend_months=None,
            reason="x",
        )
    assert "extend_months" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.review_decide(
            review=review,
            manager=UserFactory(role="Caseworker"),
            outcome="remove",
            extend_months=None,
            reason="x",
        )


def test_the_restriction_stays_in_force_while_the_review_is_due(db):
    restriction = _approved(dt.date(2026, 1, 1))
    _run_on(dt.date(2026, 4, 1))
    restriction.refresh_from_db()
    assert restriction.is_in_force


def test_an_open_review_is_overdue_after_its_due_date(db):
    _approved(dt.date(2026, 1, 1))
    _run_on(dt.date(2026, 4, 1))
    review = Review.objects.get()
    assert not review.is_overdue(dt.date(2026, 4, 16))
    assert review.is_overdue(dt.date(2026, 4, 17))


def test_review_page_shows_the_evidence_per_month_with_fixed_queries(
    db, client_for, django_assert_num_queries
):
    restriction = _approved(dt.date(2026, 1, 1))
    person = restriction.service_user
    month = dt.date(2025, 7, 1)
    while month <= dt.date(2026, 3, 1):  # six months before, and the three of the term
        ContactFactory.create_batch(
            3,
            service_user=person,
            occurred_at=dt.datetime(month.year, month.month, 10, 12, tzinfo=dt.UTC),
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    _run_on(dt.date(2026, 4, 1))
    review = Review.objects.get()
    client = client_for(UserFactory(role="Manager"))
    # Whatever the months or contacts: session, user, roles and permissions, the review (with
    # the day its restriction began), the service user (with the header), the conditions in
    # force (the header's, shown again), the evidence as two aggregates, the warnings and the
    # disputes in the term.
    with django_assert_num_queries(11):
        response = client.get(reverse("restrictions:review", args=[review.pk]))
    months = response.context["months"]
    assert (months[0].month, months[-1].month) == (dt.date(2025, 7, 1), dt.date(2026, 3, 1))
    assert sum(m.contacts for m in months) == 3 * 9 + 1  # and the contact the restriction cites
    assert [m.during for m in months].count(True) == 3


def test_review_decided_through_the_page(db, client_for):
    restriction = _approved(dt.date(2026, 1, 1))
    _run_on(dt.date(2026, 4, 1))
    review = Review.objects.get()
    client = client_for(UserFactory(role="Manager"))
    response = client.post(reverse("restrictions:review-decide", args=[review.pk]), {"reason": "x"})
    assert "Select remove, or extend and for how long" in response.content.decode()
    client.post(
        reverse("restrictions:review-decide", args=[review.pk]),
        {"choice": "extend_12", "reason": "Still needed"},
    )
    client.post(reverse("restrictions:review-decide", args=[review.pk]), {"confirm": "1"})
    assert restriction.terms.get(number=2).months == 12


def test_reviews_follow_the_london_date_across_the_clock_change(db):
    # Term from 29 Dec 2025 ends 28 March 2026; clocks go forward at 01:00 UTC on 29 March.
    _approved(dt.date(2025, 12, 29))
    with time_machine.travel(dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC), tick=False):
        assert raise_due_reviews() == 0  # still 28 March in London
    with time_machine.travel(dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), tick=False):
        assert raise_due_reviews() == 1  # 29 March in London
    with time_machine.travel(dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC), tick=False):
        assert raise_due_reviews() == 0  # 00:30 BST on 30 March: nothing more to raise


def test_the_month_the_restriction_began_is_split_before_and_during(db):
    restriction = _approved(dt.date(2026, 1, 20))
    person = restriction.service_user
    ContactFactory(
        service_user=person,
        unacceptable=True,
        occurred_at=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC),
    )
    ContactFactory(service_user=person, occurred_at=dt.datetime(2026, 1, 25, 12, tzinfo=dt.UTC))
    _run_on(dt.date(2026, 4, 20))
    january = [m for m in services_evidence(Review.objects.get()) if m.month == dt.date(2026, 1, 1)]
    assert [(m.during, m.contacts, m.unacceptable) for m in january] == [
        (False, 1, 1),  # 5 January: before the restriction
        (True, 2, 1),  # the contact cited (logged on the 20th) and 25 January
    ]


def services_evidence(review):
    from restrictions import selectors

    return selectors.review_evidence(review)


def test_a_second_decision_on_a_review_is_told_it_is_decided(db):
    _approved(dt.date(2026, 1, 1))
    _run_on(dt.date(2026, 4, 1))
    review = Review.objects.get()
    manager = UserFactory(role="Manager")
    services.review_decide(
        review=review, manager=manager, outcome="remove", extend_months=None, reason="Done"
    )
    with pytest.raises(ValidationError, match="already been decided"):
        services.review_decide(
            review=review, manager=manager, outcome="remove", extend_months=None, reason="Again"
        )


def test_a_varied_term_is_reminded_of_again_before_its_new_end(db):
    restriction = _approved(dt.date(2026, 1, 1))  # ends 31 March
    assert services.terms_remind_ending(today=dt.date(2026, 3, 20)) == 1
    manager, other = UserFactory(role="Manager"), UserFactory(role="Manager")
    with time_machine.travel(dt.datetime(2026, 3, 21, 12, tzinfo=dt.UTC), tick=False):
        variation = services.variation_propose(
            restriction=restriction,
            proposed_by=manager,
            conditions=None,
            new_term_months=6,
            reason="Longer",
        )
        services.variation_decide(variation=variation, manager=other, approve=True, reason="Yes")
    assert services.terms_remind_ending(today=dt.date(2026, 6, 20)) == 1  # new end 30 June
