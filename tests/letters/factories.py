"""Records at the points that call for a letter, made as the services make them."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from contacts.choices import Channel, Language, WelshLetters
from letters import services
from restrictions import services as restriction_services
from restrictions.choices import ConditionKind
from restrictions.models import Review
from restrictions.tasks import raise_due_reviews
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.disputes import factories as dispute_factories
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import (
    WarningFactory,
    approved_restriction,
    condition,
    permitted_times,
)


def person(**details):
    details.setdefault("address_line_1", "1 High Street")
    details.setdefault("town", "Cardiff")
    return ServiceUserFactory(**details)


def welsh_person(*, bilingual=False, **details):
    return person(
        preferred_language=Language.WELSH,
        welsh_letters=WelshLetters.BILINGUAL if bilingual else WelshLetters.WELSH,
        **details,
    )


def restriction_in_force(service_user=None, *, proposer=None, approver=None, point_of_contact=None):
    """A restriction approved today, with a condition of each kind that letters word."""
    service_user = service_user or person()
    proposer = proposer or UserFactory(role="Caseworker")
    approver = approver or UserFactory(role="Manager")
    point_of_contact = point_of_contact or UserFactory(
        role="Caseworker", first_name="Sam", last_name="Jones"
    )
    WarningFactory(service_user=service_user)
    restriction = restriction_services.restriction_propose(
        service_user=service_user,
        proposed_by=proposer,
        conditions=[
            condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.EMAIL]),
            permitted_times(days=(0, 2), start=dt.time(10), end=dt.time(12), minutes=20),
            condition(ConditionKind.RESPONSE_TIME, response_working_days=10),
            condition(
                ConditionKind.SINGLE_POINT_OF_CONTACT, single_point_of_contact=point_of_contact
            ),
            condition(ConditionKind.READ_NO_RESPONSE, channels=[Channel.EMAIL]),
            condition(
                ConditionKind.POLICE_REPORT,
                police_force="South Wales Police",
                police_reference="SWP/123/26",
                police_reported_on=timezone.localdate(),
            ),
            condition(ConditionKind.TERMINATE_CALLS),
        ],
        contacts=[ContactFactory(service_user=service_user, unacceptable=True)],
        reasons="You sent threatening emails to staff on 3 occasions.",
        term_months=6,
        starts_on=timezone.localdate(),
        access_route="By post to our Sale office",
    )
    restriction_services.restriction_decide(
        restriction=restriction, manager=approver, decision="approve", reason="Meets the policy"
    )
    restriction.refresh_from_db()
    return restriction


def issued_warning(service_user=None, issued_by=None):
    service_user = service_user or person()
    return restriction_services.warning_issue(
        service_user=service_user,
        issued_by=issued_by or UserFactory(role="Caseworker"),
        contacts=[ContactFactory(service_user=service_user, unacceptable=True)],
        reasons="You called staff names on the phone.",
        adjustment_requested="Please speak to staff politely.",
        delivery_method="letter",
        delivered_on=timezone.localdate(),
    )


def drafted(record, by=None, **options):
    by = by or UserFactory(role="Manager")
    return services.letter_draft(record, by=by, **options)


def approved_variation(restriction=None):
    """A variation of a restriction in force, approved: post and phone stay open."""
    restriction = restriction or restriction_in_force()
    proposer, approver = UserFactory(role="Manager"), UserFactory(role="Manager")
    variation = restriction_services.variation_propose(
        restriction=restriction,
        proposed_by=proposer,
        conditions=[
            condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.PHONE])
        ],
        new_term_months=None,
        reason="Calls have been calm: phone contact is open again.",
    )
    return restriction_services.variation_decide(
        variation=variation, manager=approver, approve=True, reason="Agreed"
    )


def decided_review(outcome, extend_months=None):
    """The review of a 3-month term from 1 January 2026, decided."""
    restriction = approved_restriction(dt.date(2026, 1, 1))
    with time_machine.travel(dt.datetime(2026, 4, 1, 0, 10, tzinfo=dt.UTC), tick=False):
        raise_due_reviews()
    return restriction_services.review_decide(
        review=Review.objects.get(restriction=restriction),
        manager=UserFactory(role="Manager"),
        outcome=outcome,
        extend_months=extend_months,
        reason="The contact has changed since the restriction began.",
    )


def ended_early(restriction=None):
    restriction = restriction or restriction_in_force()
    return restriction_services.restriction_end_early(
        restriction=restriction,
        manager=UserFactory(role="Manager"),
        reason="The matter the contact was about has closed.",
    )


def dispute_received(restriction=None):
    return dispute_factories.recorded(restriction or restriction_in_force())


def dispute_decided(outcome="not_upheld", restriction=None, **changes):
    dispute = dispute_received(restriction)
    return dispute_factories.decided(
        dispute, UserFactory(role=dispute_factories.QSR), outcome, **changes
    )
