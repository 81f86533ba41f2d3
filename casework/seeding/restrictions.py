"""Case files that show the policy at work: warnings and restrictions, made through the real
services as if on the days they happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from contacts.choices import Assessment
from contacts.models import ServiceUser
from musuc.models import User
from restrictions import services as restriction_services
from restrictions.choices import ConditionKind
from restrictions.models import Condition, Restriction


def on(day: dt.date):
    """Run the services as if it were that day. They read the clock themselves, so a
    restriction decided 100 days ago is made then, its history and the dates a dispute or a
    review checks against it included."""
    import time_machine

    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return time_machine.travel(moment, tick=True)


def cited(person: ServiceUser) -> list:
    contacts = person.contacts.filter(assessment=Assessment.UNACCEPTABLE)
    earlier = contacts.filter(occurred_at__lt=timezone.now())
    return list((earlier if earlier.exists() else contacts)[:2])


def warn(person: ServiceUser, by: User) -> None:
    restriction_services.warning_issue(
        service_user=person,
        issued_by=by,
        contacts=cited(person),
        reasons="Repeated demands for a decision that cannot be changed.",
        adjustment_requested="Please contact us only about new information.",
        delivery_method="letter",
        delivered_on=timezone.localdate(),
    )


def propose(person: ServiceUser, by: User, months: int = 6) -> Restriction:
    return restriction_services.restriction_propose(
        service_user=person,
        proposed_by=by,
        conditions=[
            Condition(kind=ConditionKind.LIMITED_CHANNELS, channels=["post", "phone"]),
            Condition(
                kind=ConditionKind.PERMITTED_TIMES,
                permitted_days=[0, 2, 4],
                permitted_from=dt.time(10, 0),
                permitted_until=dt.time(12, 0),
                max_call_minutes=15,
            ),
        ],
        contacts=cited(person),
        reasons="Contact continued after warnings and is affecting the service to others.",
        term_months=months,
        starts_on=timezone.localdate(),
        access_route="By post, by phone on Monday, Wednesday and Friday mornings, and "
        "the online complaint and review forms.",
        adjustments_considered="Their adjustments (written updates) stay in place.",
    )


@dataclass(frozen=True)
class PolicyCases:
    """The four case files made, and the two restrictions in force or ended."""

    with_warnings: ServiceUser
    awaiting: ServiceUser
    restricted: ServiceUser
    reviewed: ServiceUser
    in_force: Restriction
    ended_term: Restriction


def policy_people() -> list[ServiceUser] | None:
    """Four people with unacceptable contact to show the policy on, or None if too few."""
    people = list(
        ServiceUser.objects.filter(contacts__assessment=Assessment.UNACCEPTABLE)
        .distinct()
        .order_by("id")[:4]
    )
    return people if len(people) == 4 else None


def create_warnings_and_restrictions(people: list[ServiceUser]) -> PolicyCases:
    """Two warnings; a restriction awaiting its manager; one in force; one whose term ended."""
    caseworker = User.objects.get(username="caseworker")
    other_caseworker = User.objects.get(username="sam.khan")
    approver = User.objects.get(username="rowan.evans")
    today = timezone.localdate()
    with_warnings, awaiting, restricted, reviewed = people
    with on(today - timedelta(days=30)):
        warn(with_warnings, caseworker)
        warn(with_warnings, other_caseworker)
        warn(awaiting, caseworker)
    propose(awaiting, caseworker)
    with on(today - timedelta(days=60)):
        warn(restricted, other_caseworker)
    with on(today - timedelta(days=40)):
        in_force = propose(restricted, other_caseworker)
        restriction_services.restriction_decide(
            restriction=in_force,
            manager=approver,
            decision="approve",
            reason="Proportionate: two warnings went unheeded.",
        )
    with on(today - timedelta(days=130)):
        warn(reviewed, caseworker)
    with on(today - timedelta(days=100)):
        ended_term = propose(reviewed, caseworker, months=3)
        restriction_services.restriction_decide(
            restriction=ended_term,
            manager=User.objects.get(username="manager"),  # its review joins their queue
            decision="approve",
            reason="Proportionate after a warning.",
        )
    return PolicyCases(with_warnings, awaiting, restricted, reviewed, in_force, ended_term)
