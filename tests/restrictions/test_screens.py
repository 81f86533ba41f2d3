"""What the warning and restriction pages say and offer, as found trying every journey."""

import datetime as dt

import time_machine
from django.urls import reverse

from restrictions import services
from restrictions.choices import ConditionKind, RestrictionState
from restrictions.models import Review
from restrictions.tasks import raise_due_reviews
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.restrictions.factories import (
    RestrictionFactory,
    WarningFactory,
    approved_restriction,
    condition,
)


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


def _proposal(proposer, *, starts_on=dt.date(2027, 5, 31), term_months=6):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    return services.restriction_propose(
        service_user=person,
        proposed_by=proposer,
        conditions=[condition(ConditionKind.TERMINATE_CALLS)],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        term_months=term_months,
        starts_on=starts_on,
        access_route="Email",
    )


def test_decision_page_shows_when_the_proposed_term_would_end(client_for, caseworker, manager):
    restriction = _proposal(caseworker)
    body = client_for(manager).get(restriction.get_absolute_url()).content.decode()
    # No 31 November: the term runs to the end of that month, as approval would make it.
    assert "6 months: from 31 May 2027 to 30 November 2027" in body


def test_approvals_queue_shows_when_each_proposed_term_would_start_and_end(client_for, manager):
    RestrictionFactory(
        state=RestrictionState.PENDING_APPROVAL, starts_on=dt.date(2027, 1, 15), term_months=3
    )
    body = client_for(manager).get(reverse("restrictions:approvals")).content.decode()
    assert "15 Jan 2027 to 14 Apr 2027" in body


def test_approved_term_ends_where_the_proposal_said(caseworker, manager):
    restriction = _proposal(caseworker)
    shown = restriction.proposed_ends_on
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Needed"
    )
    assert restriction.terms.get().ends_on == shown


def test_online_form_is_not_offered_as_read_but_not_answered(caseworker_client):
    person = ServiceUserFactory()
    body = caseworker_client.get(
        reverse("restrictions:propose", args=[person.reference])
    ).content.decode()
    assert 'name="read_only_channels" type="checkbox" value="phone"' in body
    assert 'value="online_form"' not in body  # neither closable nor read but not answered


def test_no_warning_button_once_three_are_in_force_and_the_page_says_why(caseworker_client):
    person = ServiceUserFactory()
    WarningFactory.create_batch(3, service_user=person)
    body = caseworker_client.get(
        reverse("restrictions:case-file", args=[person.reference])
    ).content.decode()
    assert reverse("restrictions:warning-issue", args=[person.reference]) not in body
    assert "already has 3 warnings in force" in body


def test_warning_form_says_why_instead_of_asking_once_three_are_in_force(caseworker_client):
    person = ServiceUserFactory()
    WarningFactory.create_batch(3, service_user=person)
    ContactFactory(service_user=person, unacceptable=True)
    body = caseworker_client.get(
        reverse("restrictions:warning-issue", args=[person.reference])
    ).content.decode()
    assert "already has 3 warnings in force" in body
    assert 'name="reasons"' not in body


def test_no_proposal_button_while_one_is_pending_and_the_page_says_why(
    caseworker_client, caseworker
):
    restriction = _proposal(caseworker)
    person = restriction.service_user
    body = caseworker_client.get(
        reverse("restrictions:case-file", args=[person.reference])
    ).content.decode()
    assert reverse("restrictions:propose", args=[person.reference]) not in body
    assert "already has a restriction awaiting approval or in force" in body


def test_proposal_form_says_why_instead_of_asking_while_one_is_pending(
    caseworker_client, caseworker
):
    person = _proposal(caseworker).service_user
    body = caseworker_client.get(
        reverse("restrictions:propose", args=[person.reference])
    ).content.decode()
    assert "already has a restriction awaiting approval or in force" in body
    assert 'name="reasons"' not in body


def test_both_buttons_are_offered_when_nothing_stands_in_the_way(caseworker_client):
    person = ServiceUserFactory()
    body = caseworker_client.get(
        reverse("restrictions:case-file", args=[person.reference])
    ).content.decode()
    assert reverse("restrictions:warning-issue", args=[person.reference]) in body
    assert reverse("restrictions:propose", args=[person.reference]) in body
