"""Recording how the person was told: its own page, Yes or No, the details under the answer."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from restrictions import services
from restrictions.choices import RestrictionState
from restrictions.models import Review
from restrictions.tasks import raise_due_reviews
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory, approved_restriction


def _date_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def approved(db):
    return RestrictionFactory(state=RestrictionState.APPROVED)


def _told_url(restriction):
    return reverse("restrictions:told", args=[restriction.pk])


def test_restriction_page_links_to_the_told_page_instead_of_holding_its_form(
    caseworker_client, approved
):
    body = caseworker_client.get(approved.get_absolute_url()).content.decode()
    assert f'href="{_told_url(approved)}"' in body
    assert 'name="told_on_0"' not in body
    assert 'name="not_told_reason"' not in body


def test_restriction_page_offers_the_told_page_only_to_those_who_may_use_it(
    client_for, qsr, approved
):
    body = client_for(qsr).get(approved.get_absolute_url()).content.decode()
    assert _told_url(approved) not in body


def test_restriction_page_offers_the_told_page_only_once_approved(caseworker_client, db):
    pending = RestrictionFactory(state=RestrictionState.PENDING_APPROVAL)
    body = caseworker_client.get(pending.get_absolute_url()).content.decode()
    assert _told_url(pending) not in body


def test_told_page_asks_yes_or_no_and_reveals_the_details_under_each(caseworker_client, approved):
    body = caseworker_client.get(_told_url(approved)).content.decode()
    assert "Was the person told?" in body
    assert 'data-aria-controls="conditional-id_told_0"' in body
    assert 'data-aria-controls="conditional-id_told_1"' in body
    yes, no = body.split('id="conditional-id_told_0"')[1].split('id="conditional-id_told_1"')
    assert 'name="told_on_0"' in yes
    assert 'name="told_method"' in yes
    assert 'name="told_reference"' in yes
    assert 'name="not_told_reason"' in no
    assert 'name="told_on_0"' not in no


def test_told_page_offers_how_as_radios_not_a_select(caseworker_client, approved):
    body = caseworker_client.get(_told_url(approved)).content.decode()
    assert "<select" not in body
    assert 'type="radio" value="letter"' in body


def test_told_without_an_answer_asks_for_one(caseworker_client, approved):
    response = caseworker_client.post(_told_url(approved), {})
    assert response.status_code == 200
    assert "Select yes if the person was told" in response.content.decode()


def test_told_yes_needs_the_date_and_how(caseworker_client, approved):
    response = caseworker_client.post(
        _told_url(approved), {"told": "yes", "not_told_reason": "Typed before changing my mind"}
    )
    body = response.content.decode()
    assert "Enter the date they were told" in body
    assert "Select how they were told" in body
    approved.refresh_from_db()
    assert approved.not_told_reason == ""


def test_told_no_needs_the_reason(caseworker_client, approved):
    today = timezone.localdate()
    response = caseworker_client.post(
        _told_url(approved),
        {"told": "no", **_date_fields("told_on", today), "told_method": "email"},
    )
    assert "Enter why it was not possible to tell them" in response.content.decode()
    approved.refresh_from_db()
    assert approved.told_on is None


def test_told_yes_records_the_date_and_how(caseworker_client, approved):
    today = timezone.localdate()
    response = caseworker_client.post(
        _told_url(approved),
        {
            "told": "yes",
            **_date_fields("told_on", today),
            "told_method": "letter",
            "told_reference": "LTR-7",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == approved.get_absolute_url()
    approved.refresh_from_db()
    assert (approved.told_on, approved.told_method, approved.told_reference) == (
        today,
        "letter",
        "LTR-7",
    )


def test_told_no_ignores_whatever_was_typed_under_yes(caseworker_client, approved):
    response = caseworker_client.post(
        _told_url(approved),
        {
            "told": "no",
            "told_on_0": "31",
            "told_on_1": "2",
            "told_on_2": "2026",
            "told_method": "letter",
            "not_told_reason": "No address we can use",
        },
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.told_on, approved.told_method) == (None, "")
    assert approved.not_told_reason == "No address we can use"


def test_told_page_shows_what_was_recorded_before(caseworker_client, approved):
    caseworker_client.post(_told_url(approved), {"told": "no", "not_told_reason": "No address"})
    body = caseworker_client.get(_told_url(approved)).content.decode()
    assert 'id="id_told_1" name="told" type="radio" value="no" checked' in body
    assert "No address</textarea>" in body


@pytest.fixture
def decided_review(db):
    approved_restriction(dt.date(2026, 1, 1))
    with time_machine.travel(dt.datetime(2026, 4, 1, 0, 10, tzinfo=dt.UTC), tick=False):
        raise_due_reviews()
        review = Review.objects.get()
        services.review_decide(
            review=review,
            manager=UserFactory(role="Manager"),
            outcome="remove",
            extend_months=None,
            reason="No longer needed",
        )
    return review


def test_review_told_asks_yes_or_no_with_how_as_radios(caseworker_client, decided_review):
    body = caseworker_client.get(decided_review.get_absolute_url()).content.decode()
    assert "Was the person told?" in body
    assert 'data-aria-controls="conditional-id_told_0"' in body
    assert 'type="radio" value="letter"' in body
    assert "<select" not in body


def test_review_told_yes_needs_how(caseworker_client, decided_review):
    response = caseworker_client.post(
        reverse("restrictions:review-told", args=[decided_review.pk]),
        {"told": "yes", **_date_fields("told_on", dt.date(2026, 4, 1))},
    )
    assert "Select how they were told" in response.content.decode()
    decided_review.refresh_from_db()
    assert decided_review.told_on is None


def test_review_told_no_records_the_reason(caseworker_client, decided_review):
    response = caseworker_client.post(
        reverse("restrictions:review-told", args=[decided_review.pk]),
        {"told": "no", "told_method": "email", "not_told_reason": "Returned unopened"},
    )
    assert response.status_code == 302
    decided_review.refresh_from_db()
    assert (decided_review.told_method, decided_review.not_told_reason) == (
        "",
        "Returned unopened",
    )
