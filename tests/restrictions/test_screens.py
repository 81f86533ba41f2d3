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


def _dates(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_warning_answers_are_checked_before_anything_is_issued(caseworker_client):
    person = ServiceUserFactory()
    contact = ContactFactory(service_user=person, unacceptable=True)
    url = reverse("restrictions:warning-issue", args=[person.reference])
    response = caseworker_client.post(
        url,
        {
            "contacts": [contact.pk],
            "reasons": "Threats to staff",
            "adjustment_requested": "Stop",
            "delivery_method": "letter",
            **_dates("delivered_on", dt.date(2026, 11, 30)),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Check the warning before you issue it" in body
    assert "30 November 2026" in body
    assert f'href="{url}?change=1#' in body
    assert not person.warnings.exists()
    refilled = caseworker_client.get(f"{url}?change=1").content.decode()
    assert "Threats to staff" in refilled
    assert caseworker_client.post(url, {"confirm": "1"}).status_code == 302
    assert person.warnings.get().reasons == "Threats to staff"


def test_confirming_without_answers_kept_goes_back_to_the_form(caseworker_client):
    person = ServiceUserFactory()
    url = reverse("restrictions:warning-issue", args=[person.reference])
    response = caseworker_client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(url)
    assert not person.warnings.exists()


def test_proposal_is_checked_with_its_term_end_before_it_is_submitted(caseworker_client):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    contact = ContactFactory(service_user=person, unacceptable=True)
    url = reverse("restrictions:propose", args=[person.reference])
    response = caseworker_client.post(
        url,
        {
            "kinds": [ConditionKind.TERMINATE_CALLS],
            "contacts": [contact.pk],
            "reasons": "Threats",
            "term_months": "6",
            **_dates("starts_on", dt.date(2027, 5, 31)),
            "access_route": "Email",
        },
    )
    body = response.content.decode()
    assert "Check the proposal before you submit it" in body
    assert "6 months: from 31 May 2027 to 30 November 2027" in body
    assert not person.restrictions.exists()
    caseworker_client.post(url, {"confirm": "1"})
    assert person.restrictions.get().state == RestrictionState.PENDING_APPROVAL


def test_proposal_a_rule_refuses_is_refused_before_the_check(caseworker_client):
    person = ServiceUserFactory()  # no warning, and the contact is not extremely unacceptable
    contact = ContactFactory(service_user=person, unacceptable=True)
    response = caseworker_client.post(
        reverse("restrictions:propose", args=[person.reference]),
        {
            "kinds": [ConditionKind.TERMINATE_CALLS],
            "contacts": [contact.pk],
            "reasons": "Threats",
            "term_months": "6",
            **_dates("starts_on", dt.date(2027, 5, 31)),
            "access_route": "Email",
        },
    )
    body = response.content.decode()
    assert "Check the proposal" not in body
    assert "This person has no warning in force" in body


def test_decision_is_checked_before_it_is_recorded_and_can_be_changed(
    client_for, caseworker, manager
):
    restriction = _proposal(caseworker)
    client = client_for(manager)
    url = reverse("restrictions:decide", args=[restriction.pk])
    body = client.post(url, {"decision": "reject", "reason": "Not proportionate"}).content.decode()
    assert "Check your decision before you record it" in body
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.PENDING_APPROVAL
    change = f"{restriction.get_absolute_url()}?change=decision_form"
    assert change in body
    assert "Not proportionate" in client.get(change).content.decode()
    client.post(url, {"confirm": "1"})
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.REJECTED


def test_review_outcome_is_checked_before_it_is_recorded(client_for, manager):
    restriction, review = _under_review()
    client = client_for(manager)
    url = reverse("restrictions:review-decide", args=[review.pk])
    body = client.post(url, {"choice": "remove", "reason": "Behaviour improved"}).content.decode()
    assert "Check the outcome before you record it" in body
    review.refresh_from_db()
    assert review.state == "open"
    client.post(url, {"confirm": "1"})
    review.refresh_from_db()
    assert review.outcome == "remove"


def test_ending_a_restriction_has_its_own_page_and_a_confirmation(client_for, caseworker, manager):
    restriction = approved_restriction(dt.date(2026, 11, 1), months=6)
    client = client_for(manager)
    url = reverse("restrictions:end", args=[restriction.pk])
    page = client.get(restriction.get_absolute_url()).content.decode()
    assert 'name="reason"' not in page.split("End early", 1)[1]  # a link, not a form
    assert url in page
    body = client.post(url, {"reason": "No longer needed"}).content.decode()
    assert "Are you sure you want to end this restriction?" in body
    assert "govuk-button--warning" in body
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.ACTIVE
    client.post(url, {"confirm": "1"})
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.ENDED


def test_decided_review_says_what_was_decided_not_that_a_decision_is_due(client_for, manager):
    restriction, review = _under_review()
    services.review_decide(
        review=review, manager=manager, outcome="extend", extend_months=6, reason="Still needed"
    )
    body = client_for(manager).get(review.get_absolute_url()).content.decode()
    assert "Decision due by" not in body
    assert "stays in force until the review is decided" not in body
    assert "the restriction was extended for 6 months" in body


def test_caseworker_who_proposed_is_told_a_manager_decides(client_for, caseworker):
    restriction = _proposal(caseworker)
    body = client_for(caseworker).get(restriction.get_absolute_url()).content.decode()
    assert "A manager decides this restriction." in body
    assert "another manager" not in body


def test_approval_banner_says_what_comes_next(client_for, caseworker, manager):
    restriction = _proposal(caseworker)
    client = client_for(manager)
    url = reverse("restrictions:decide", args=[restriction.pk])
    client.post(url, {"decision": "approve", "reason": "Proportionate"})
    body = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "Restriction approved: now write the letter that tells the person" in body
    banner = body.split("govuk-notification-banner--success")[1].split("govuk-caption-l")[0]
    write = reverse("letters:write", args=["restriction", restriction.pk])
    assert f'action="{write}"' in banner
