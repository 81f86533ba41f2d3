"""The review's evidence chart: one pair of bars a month, each month labelled once; the month
the restriction began is split by colour, not drawn twice."""

import datetime as dt

import time_machine
from django.urls import reverse

from restrictions import selectors
from restrictions.models import Review
from restrictions.tasks import raise_due_reviews
from tests.contacts.factories import ContactFactory
from tests.restrictions.factories import approved_restriction


def _review_begun_mid_january():
    restriction = approved_restriction(dt.date(2026, 1, 20))
    person = restriction.service_user
    ContactFactory(
        service_user=person,
        unacceptable=True,
        occurred_at=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC),
    )
    ContactFactory(service_user=person, occurred_at=dt.datetime(2026, 1, 25, 12, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 4, 20, 0, 10, tzinfo=dt.UTC), tick=False):
        raise_due_reviews()
    return Review.objects.get()


def test_each_month_has_one_pair_of_bars(db):
    review = _review_begun_mid_january()
    months = [
        bar["month"] for bar in selectors.evidence_chart(selectors.review_evidence(review))["bars"]
    ]
    assert months.count(dt.date(2026, 1, 1)) == 1
    assert months == sorted(set(months))


def test_the_month_it_began_is_split_before_and_during_by_colour(db):
    review = _review_begun_mid_january()
    chart = selectors.evidence_chart(selectors.review_evidence(review))
    january = next(bar for bar in chart["bars"] if bar["month"] == dt.date(2026, 1, 1))
    fills = [rect["fill"] for rect in january["rects"]]
    assert selectors.CHART_FILLS[(False, "contacts")] in fills
    assert selectors.CHART_FILLS[(True, "contacts")] in fills


def test_the_review_page_labels_the_start_month_once(client_for, manager):
    review = _review_begun_mid_january()
    body = (
        client_for(manager).get(reverse("restrictions:review", args=[review.pk])).content.decode()
    )
    assert body.count('data-testid="chart-month">Jan 26<') == 1
