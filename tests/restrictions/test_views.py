import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.choices import Channel
from restrictions import services
from restrictions.choices import ConditionKind, RestrictionState
from restrictions.models import Breach, Restriction
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory, WarningFactory, condition


def _active_restriction(person, proposer, manager, **condition_details):
    WarningFactory(service_user=person)
    restriction = services.restriction_propose(
        service_user=person,
        proposed_by=proposer,
        conditions=[
            condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.PHONE])
        ],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        term_months=6,
        starts_on=timezone.localdate(),
        access_route="Post and phone",
    )
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Needed"
    )
    return restriction


def _date_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_warning_count_shows_in_the_identity_bar(caseworker_client):
    person = ServiceUserFactory()
    WarningFactory.create_batch(2, service_user=person)
    body = caseworker_client.get(person.get_absolute_url()).content.decode()
    assert "Warning 2 of 3" in body


def test_fourth_warning_is_refused_on_the_page(caseworker_client):
    person = ServiceUserFactory()
    WarningFactory.create_batch(3, service_user=person)
    contact = ContactFactory(service_user=person, unacceptable=True)
    response = caseworker_client.post(
        reverse("restrictions:warning-issue", args=[person.reference]),
        {
            "contacts": [contact.pk],
            "reasons": "More threats",
            "adjustment_requested": "Stop",
            "delivery_method": "letter",
            **_date_fields("delivered_on", timezone.localdate()),
        },
    )
    assert response.status_code == 200
    assert "propose a restriction instead" in response.content.decode()


def test_proposal_that_closes_every_channel_is_refused_with_the_reason(caseworker_client):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    contact = ContactFactory(service_user=person, unacceptable=True)
    response = caseworker_client.post(
        reverse("restrictions:propose", args=[person.reference]),
        {
            "kinds": [ConditionKind.LIMITED_CHANNELS],
            "contacts": [contact.pk],
            "reasons": "Threats",
            "term_months": "6",
            **_date_fields("starts_on", timezone.localdate()),
            "access_route": "None",
        },
    )
    body = response.content.decode()
    assert 'href="#id_open_channels_0"' in body
    assert "leaves no way to contact the IOPC" in body
    assert not Restriction.objects.exists()


def test_proposer_sees_why_there_is_no_decision_button(client_for, manager):
    person = ServiceUserFactory()
    restriction = RestrictionFactory(
        service_user=person, proposed_by=manager, state=RestrictionState.PENDING_APPROVAL
    )
    body = client_for(manager).get(restriction.get_absolute_url()).content.decode()
    assert "Continue to check your decision" not in body
    assert "You proposed this restriction, so another manager must decide it." in body


def test_proposer_posting_a_decision_anyway_is_told_why(client_for, manager):
    restriction = RestrictionFactory(proposed_by=manager, state=RestrictionState.PENDING_APPROVAL)
    response = client_for(manager).post(
        reverse("restrictions:decide", args=[restriction.pk]),
        {"decision": "approve", "reason": "Mine"},
    )
    assert "another manager must decide it" in response.content.decode()
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.PENDING_APPROVAL


def test_another_manager_approves_from_the_decision_page(client_for, caseworker, manager):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    restriction = services.restriction_propose(
        service_user=person,
        proposed_by=caseworker,
        conditions=[condition(ConditionKind.TERMINATE_CALLS)],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        term_months=3,
        starts_on=timezone.localdate(),
        access_route="Email",
    )
    client = client_for(manager)
    assert (
        "Continue to check your decision"
        in client.get(restriction.get_absolute_url()).content.decode()
    )
    client.post(
        reverse("restrictions:decide", args=[restriction.pk]),
        {"decision": "approve", "reason": "Proportionate"},
    )
    client.post(reverse("restrictions:decide", args=[restriction.pk]), {"confirm": "1"})
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.ACTIVE


def test_approvals_queue_shows_others_proposals_with_fixed_queries(
    client_for, manager, django_assert_num_queries
):
    for _ in range(30):
        RestrictionFactory(state=RestrictionState.PENDING_APPROVAL)
    RestrictionFactory(proposed_by=manager, state=RestrictionState.PENDING_APPROVAL)
    client = client_for(manager)
    # session, user, roles and permissions, queue
    with django_assert_num_queries(4):
        response = client.get(reverse("restrictions:approvals"))
    assert len(response.context["queue"]) == 30


def test_manager_home_lists_the_approvals_queue(client_for, manager):
    restriction = RestrictionFactory(state=RestrictionState.PENDING_APPROVAL)
    body = client_for(manager).get(reverse("home")).content.decode()
    assert restriction.get_absolute_url() in body


def test_case_file_with_an_active_restriction_keeps_fixed_queries(
    caseworker_client, caseworker, manager, django_assert_num_queries
):
    person = ServiceUserFactory()
    _active_restriction(person, caseworker, manager)
    ContactFactory.create_batch(55, service_user=person)
    # the case file's own, plus the restriction's conditions and terms, the reviews of the
    # restrictions on the timeline and their decisions from history; the warnings in force and
    # the breaches are counted in the restriction's own query; the letters issued (1)
    with django_assert_num_queries(19):
        response = caseworker_client.get(person.get_absolute_url())
    body = response.content.decode()
    assert 'data-testid="restriction-in-force"' in body
    assert "Only these channels are open: Post, Phone" in body


def test_search_results_show_the_restriction(caseworker_client, caseworker, manager):
    person = ServiceUserFactory(last_name="Bevan")
    _active_restriction(person, caseworker, manager)
    body = caseworker_client.get(reverse("contacts:search"), {"q": "bevan"}).content.decode()
    assert "Restricted" in body


def test_contact_form_shows_the_conditions_in_force(caseworker_client, caseworker, manager):
    person = ServiceUserFactory()
    _active_restriction(person, caseworker, manager)
    url = reverse("contacts:contact-create", args=[person.reference])
    assert "Only these channels are open" in caseworker_client.get(url).content.decode()


def test_logging_a_breaching_contact_stores_and_reports_the_breach(
    caseworker_client, caseworker, manager
):
    person = ServiceUserFactory()
    _active_restriction(person, caseworker, manager)
    now = timezone.localtime() - dt.timedelta(minutes=5)
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        {
            "channel": "email",
            "direction": "inbound",
            **_date_fields("occurred_on", now),
            "occurred_time": now.strftime("%H:%M"),
            "received_by": [caseworker.pk],
            "summary": "Another email",
            "assessment": "acceptable",
        },
        follow=True,
    )
    assert "This contact breached the restriction" in response.content.decode()
    assert Breach.objects.count() == 1
    assert "1 breach recorded" in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "qsr"])
def test_only_managers_see_the_end_early_form(client_for, users_by_role, caseworker, manager, role):
    person = ServiceUserFactory()
    restriction = _active_restriction(person, UserFactory(role="Caseworker"), manager)
    body = client_for(users_by_role[role]).get(restriction.get_absolute_url()).content.decode()
    assert reverse("restrictions:end", args=[restriction.pk]) not in body


def test_returned_proposal_is_revised_and_submitted_again(client_for, caseworker, manager):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    contact = ContactFactory(service_user=person, unacceptable=True)
    restriction = services.restriction_propose(
        service_user=person,
        proposed_by=caseworker,
        conditions=[condition(ConditionKind.RESPONSE_TIME, response_working_days=5)],
        contacts=[contact],
        reasons="Threats",
        term_months=12,
        starts_on=timezone.localdate(),
        access_route="Email",
    )
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="return", reason="Too long a term"
    )
    client = client_for(caseworker)
    page = client.get(reverse("restrictions:revise", args=[restriction.pk]))
    assert page.context["form"].initial["response_working_days"] == 5
    client.post(
        reverse("restrictions:revise", args=[restriction.pk]),
        {
            "kinds": [ConditionKind.RESPONSE_TIME],
            "response_working_days": "10",
            "contacts": [contact.pk],
            "reasons": "Threats",
            "term_months": "3",
            **_date_fields("starts_on", timezone.localdate()),
            "access_route": "Email",
        },
    )
    client.post(reverse("restrictions:revise", args=[restriction.pk]), {"confirm": "1"})
    restriction.refresh_from_db()
    assert (restriction.state, restriction.term_months) == (RestrictionState.PENDING_APPROVAL, 3)
    assert restriction.conditions.get().response_working_days == 10


def test_returned_proposal_can_be_cancelled_by_its_proposer(client_for, caseworker):
    restriction = RestrictionFactory(proposed_by=caseworker, state=RestrictionState.DRAFT)
    client_for(caseworker).post(reverse("restrictions:cancel", args=[restriction.pk]))
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.CANCELLED


def test_someone_else_cannot_cancel_a_proposal(client_for, caseworker):
    restriction = RestrictionFactory(state=RestrictionState.DRAFT)
    response = client_for(caseworker).post(reverse("restrictions:cancel", args=[restriction.pk]))
    assert "Only the person who proposed it can cancel it" in response.content.decode()
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.DRAFT


def test_proposer_cancelling_a_proposal_awaiting_a_decision_is_told_to_have_it_returned(
    client_for, caseworker
):
    restriction = RestrictionFactory(
        proposed_by=caseworker, state=RestrictionState.PENDING_APPROVAL
    )
    response = client_for(caseworker).post(reverse("restrictions:cancel", args=[restriction.pk]))
    body = response.content.decode()
    assert "awaiting a manager&#x27;s decision, so it can no longer be cancelled" in body
    assert "Ask a manager to return it to you first." in body
    assert "Only the person who proposed it" not in body
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.PENDING_APPROVAL


def test_variation_proposed_and_approved_through_the_pages(client_for, caseworker, manager):
    person = ServiceUserFactory()
    restriction = _active_restriction(person, caseworker, UserFactory(role="Manager"))
    client_for(manager).post(
        reverse("restrictions:vary", args=[restriction.pk]),
        {"new_term_months": "3", "reason": "Behaviour improved"},
    )
    variation = restriction.variations.get()
    other = client_for(UserFactory(role="Manager"))
    page = other.get(restriction.get_absolute_url()).content.decode()
    assert "Record decision on the variation" in page
    other.post(
        reverse("restrictions:variation-decide", args=[restriction.pk, variation.pk]),
        {"decision": "approve", "reason": "Agreed"},
    )
    assert restriction.terms.get().months == 3


def test_proposer_of_a_variation_is_told_why_they_cannot_decide_it(client_for, caseworker, manager):
    person = ServiceUserFactory()
    restriction = _active_restriction(person, caseworker, UserFactory(role="Manager"))
    services.variation_propose(
        restriction=restriction, proposed_by=manager, conditions=None, new_term_months=3, reason="x"
    )
    body = client_for(manager).get(restriction.get_absolute_url()).content.decode()
    assert "You proposed this variation, so another manager must decide it." in body


def test_unknown_warning_or_variation_is_not_found(client_for, manager, caseworker):
    client = client_for(manager)
    assert client.get(reverse("restrictions:warning-close", args=[999999])).status_code == 404
    restriction = RestrictionFactory(state=RestrictionState.ACTIVE)
    url = reverse("restrictions:variation-decide", args=[restriction.pk, 999999])
    assert client.post(url, {"decision": "approve", "reason": "x"}).status_code == 404


def test_conditions_a_variation_replaced_no_longer_show_or_gate(client_for, caseworker, manager):
    person = ServiceUserFactory()
    restriction = _active_restriction(person, caseworker, UserFactory(role="Manager"))
    variation = services.variation_propose(
        restriction=restriction,
        proposed_by=manager,
        conditions=[condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.EMAIL])],
        new_term_months=None,
        reason="Email only now",
    )
    services.variation_decide(
        variation=variation, manager=UserFactory(role="Manager"), approve=True, reason="Yes"
    )
    body = client_for(caseworker).get(person.get_absolute_url()).content.decode()
    assert "Only these channels are open: Email" in body
    assert "Only these channels are open: Post, Phone" not in body


def test_a_return_and_the_later_approval_are_two_entries_on_the_timeline(
    caseworker_client, caseworker, manager
):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    proposal = {
        "conditions": [condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST])],
        "contacts": [ContactFactory(service_user=person, unacceptable=True)],
        "reasons": "Threats",
        "term_months": 6,
        "starts_on": timezone.localdate(),
        "access_route": "Post",
    }
    restriction = services.restriction_propose(
        service_user=person, proposed_by=caseworker, **proposal
    )
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="return", reason="Say more"
    )
    proposal["conditions"] = [condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST])]
    restriction = services.restriction_revise(
        restriction=restriction, revised_by=caseworker, **proposal
    )
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Needed now"
    )
    events = [
        (event.record.outcome, event.record.reason)
        for event in caseworker_client.get(person.get_absolute_url()).context["timeline"]
        if event.kind == "restriction_decided"
    ]
    assert events == [("Approved", "Needed now"), ("Returned to the proposer", "Say more")]


def test_the_check_judges_a_contact_by_the_restriction_when_it_happened(
    caseworker_client, caseworker, manager
):
    person = ServiceUserFactory()
    _active_restriction(person, caseworker, manager)
    url = reverse("contacts:contact-create", args=[person.reference])
    gate_url = reverse("contacts:contact-gate", args=[person.reference])
    before_it = timezone.localtime() - dt.timedelta(days=3)
    entered = {
        "channel": "email",
        "direction": "inbound",
        **_date_fields("occurred_on", before_it),
        "occurred_time": before_it.strftime("%H:%M"),
        "received_by": [caseworker.pk],
    }
    body = caseworker_client.post(gate_url, entered).content.decode()
    assert "This contact does not breach the restriction" in body
    caseworker_client.post(url, {**entered, "summary": "Old email", "assessment": "acceptable"})
    assert Breach.objects.count() == 0


def test_restriction_page_links_a_manager_to_the_vary_page(client_for, caseworker, manager):
    restriction = _active_restriction(ServiceUserFactory(), caseworker, manager)
    body = client_for(UserFactory(role="Manager")).get(restriction.get_absolute_url())
    body = body.content.decode()
    assert f'href="{reverse("restrictions:vary", args=[restriction.pk])}"' in body
    assert 'name="change_conditions"' not in body  # the variation is asked on its own page


def test_restriction_page_offers_no_variation_to_a_caseworker(
    caseworker_client, caseworker, manager
):
    restriction = _active_restriction(ServiceUserFactory(), caseworker, manager)
    body = caseworker_client.get(restriction.get_absolute_url()).content.decode()
    assert reverse("restrictions:vary", args=[restriction.pk]) not in body
