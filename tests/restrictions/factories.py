import datetime as dt

import factory
import time_machine
from django.utils import timezone
from factory.django import DjangoModelFactory

from contacts.choices import Channel
from restrictions import services
from restrictions.choices import ConditionKind, DeliveryMethod, RestrictionState
from restrictions.models import Condition, Restriction, Term, Warning
from restrictions.rules import term_end
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.musuc.factories import UserFactory


class WarningFactory(DjangoModelFactory):
    class Meta:
        model = Warning

    service_user = factory.SubFactory(ServiceUserFactory)
    reasons = "Repeated threats"
    adjustment_requested = "Please stop using threatening language"
    delivery_method = DeliveryMethod.LETTER
    delivered_on = factory.LazyFunction(timezone.localdate)
    issued_by = factory.SubFactory(UserFactory)


class RestrictionFactory(DjangoModelFactory):
    """A restriction in a given state, for the transition tests (states set as stored)."""

    class Meta:
        model = Restriction

    service_user = factory.SubFactory(ServiceUserFactory)
    reasons = "Threats against staff"
    term_months = 3
    starts_on = factory.LazyFunction(timezone.localdate)
    access_route = "By post"
    proposed_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, state=None, **kwargs):
        restriction = super()._create(model_class, *args, **kwargs)
        if state:
            # Fixtures only: put the record in a state without walking the machine there.
            model_class.objects.filter(pk=restriction.pk).update(state=state)
            restriction.refresh_from_db()
        return restriction


def condition(kind, **details):
    """An unsaved condition of one kind, with its details."""
    return Condition(kind=kind, **details)


def permitted_times(days=(0, 1, 2, 3, 4), start=dt.time(9), end=dt.time(17), minutes=None):
    return condition(
        ConditionKind.PERMITTED_TIMES,
        permitted_days=list(days),
        permitted_from=start,
        permitted_until=end,
        max_call_minutes=minutes,
    )


def approved_restriction(starts_on, months=3, approver=None, proposer=None):
    """A restriction approved on its start date, as the services make it."""
    proposer = proposer or UserFactory(role="Caseworker")
    approver = approver or UserFactory(role="Manager")
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    with time_machine.travel(dt.datetime.combine(starts_on, dt.time(12)), tick=False):
        restriction = services.restriction_propose(
            service_user=person,
            proposed_by=proposer,
            conditions=[condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST])],
            contacts=[ContactFactory(service_user=person, unacceptable=True)],
            reasons="Threats",
            term_months=months,
            starts_on=starts_on,
            access_route="Post",
        )
        services.restriction_decide(
            restriction=restriction, manager=approver, decision="approve", reason="Yes"
        )
    restriction.refresh_from_db()
    return restriction


def restrictions_with_terms(count, *, starts_on, months=3, approver=None, state=None):
    """``count`` restrictions in force (or in ``state``) on one person, each with its first
    term from ``starts_on``, written in bulk: what the daily jobs' batches are measured on."""
    approver = approver or UserFactory(role="Manager")
    person = ServiceUserFactory()
    restrictions = [
        RestrictionFactory(
            service_user=person,
            proposed_by=approver,
            decided_by=approver,
            starts_on=starts_on,
            term_months=months,
            state=state or RestrictionState.ACTIVE,
        )
        for _ in range(count)
    ]
    Term.objects.bulk_create(
        Term(
            restriction=restriction,
            number=1,
            starts_on=starts_on,
            ends_on=term_end(starts_on, months),
            months=months,
            decided_by=approver,
            decided_at=timezone.now(),
            reason="Yes",
        )
        for restriction in restrictions
    )
    return restrictions
