"""The proposal asks each question with what it is about beside it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.contacts.factories import ContactFactory, ReasonableAdjustmentFactory, ServiceUserFactory
from tests.restrictions.factories import WarningFactory


def _propose_url(person):
    return reverse("restrictions:propose", args=[person.reference])


def test_no_justification_is_asked_when_a_warning_is_in_force(caseworker_client, db):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    body = caseworker_client.get(_propose_url(person)).content.decode()
    assert 'name="justification_without_warning"' not in body
    assert "Why restrict without a warning?" not in body


def test_the_justification_is_asked_when_no_warning_is_in_force(caseworker_client, db):
    person = ServiceUserFactory()
    body = caseworker_client.get(_propose_url(person)).content.decode()
    assert 'name="justification_without_warning"' in body


def test_a_justification_posted_anyway_is_not_kept_when_a_warning_is_in_force(
    caseworker_client, db
):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    contact = ContactFactory(service_user=person, unacceptable=True)
    today = timezone.localdate()
    response = caseworker_client.post(
        _propose_url(person),
        {
            "kinds": ["response_time"],
            "response_working_days": "5",
            "contacts": [contact.pk],
            "reasons": "Threats",
            "term_months": "3",
            "starts_on_0": today.day,
            "starts_on_1": today.month,
            "starts_on_2": today.year,
            "access_route": "By post",
            "justification_without_warning": "Typed by mistake",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="check-answers"' in body
    assert "Typed by mistake" not in body


def test_the_current_adjustments_show_beside_how_they_were_considered(caseworker_client, db):
    person = ServiceUserFactory()
    ReasonableAdjustmentFactory(
        service_user=person, need="Dyslexia", adjustment="Letters in large print"
    )
    ReasonableAdjustmentFactory(
        service_user=person,
        need="Hearing loss",
        adjustment="Text relay calls",
        ended_on=dt.date(2026, 2, 1),
        end_reason="No longer needed",
    )
    body = caseworker_client.get(_propose_url(person)).content.decode()
    shown, question = body.split('data-testid="current-adjustments"')[1].split(
        'name="adjustments_considered"'
    )
    assert "Dyslexia" in shown
    assert "Letters in large print" in shown
    assert "Hearing loss" not in body


def test_no_adjustments_list_for_a_person_without_any(caseworker_client, db):
    person = ServiceUserFactory()
    body = caseworker_client.get(_propose_url(person)).content.decode()
    assert 'data-testid="current-adjustments"' not in body
    assert 'name="adjustments_considered"' not in body


def test_the_proposal_form_keeps_fixed_queries_however_many_adjustments(
    caseworker_client, db, django_assert_num_queries
):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    ContactFactory.create_batch(5, service_user=person, unacceptable=True)
    ReasonableAdjustmentFactory.create_batch(12, service_user=person)
    # The case-file frame and the form (6: no staff, as no single point of contact is chosen
    # yet; the warnings in force the form asks after come with the person), and the current
    # adjustments (1), whatever their number.
    with django_assert_num_queries(7):
        response = caseworker_client.get(_propose_url(person))
    assert len(response.context["adjustments"]) == 12
