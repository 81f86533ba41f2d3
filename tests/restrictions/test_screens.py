"""What the warning and restriction pages say and offer, as found trying every journey."""

import datetime as dt

import time_machine
from django.urls import reverse

from restrictions.models import Review
from restrictions.tasks import raise_due_reviews
from tests.restrictions.factories import approved_restriction


def _under_review():
    restriction = approved_restriction(dt.date(2026, 1, 1))  # term ends 31 March 2026
    with time_machine.travel(dt.datetime(2026, 4, 1, 0, 10, tzinfo=dt.UTC), tick=False):
        raise_due_reviews()
    restriction.refresh_from_db()
    return restriction, Review.objects.get(restriction=restriction)


def test_banner_of_a_restriction_under_review_says_the_term_ended_and_when_review_is_due(
    caseworker_client,
):
    restriction, review = _under_review()
    body = caseworker_client.get(restriction.service_user.get_absolute_url()).content.decode()
    assert "restricted until" not in body
    assert "the term ended on 31 March 2026" in body
    assert "stays in force until the review is decided" in body
    assert "The review is due by 16 April 2026" in body


def test_restriction_page_under_review_says_the_term_ended_and_links_the_review(
    caseworker_client,
):
    restriction, review = _under_review()
    body = caseworker_client.get(restriction.get_absolute_url()).content.decode()
    assert "The term ended on 31 March 2026" in body
    assert reverse("restrictions:review", args=[review.pk]) in body
