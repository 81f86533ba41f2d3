import datetime as dt

from django.utils import timezone

from disputes import services
from disputes.models import Dispute
from restrictions.models import Term
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory, approved_restriction

QSR = "Quality Standards and Research"


def in_force(months=12, starts_on=None, **people):
    """A restriction approved and in force, started a month ago unless told otherwise."""
    starts_on = starts_on or timezone.localdate() - dt.timedelta(days=30)
    return approved_restriction(starts_on, months=months, **people)


def recorded(restriction, *, received_at=None, by=None, term=None):
    """A dispute about the restriction's latest decision, as the service records it."""
    return services.dispute_record(
        service_user=restriction.service_user,
        term=term or restriction.terms.order_by("-number").first(),
        received_at=received_at or timezone.now(),
        channel="email",
        statement="The restriction is not fair: I only wanted an answer.",
        recorded_by=by or UserFactory(role="Caseworker"),
    )


def assessing(dispute, qsr):
    """The dispute assigned to ``qsr`` and under their assessment."""
    dispute = services.dispute_assign(dispute=dispute, assigned_by=qsr, assignee=qsr)
    return services.dispute_start_assessment(dispute=dispute, started_by=qsr)


def decided(dispute, qsr, outcome="not_upheld", **changes):
    dispute = assessing(dispute, qsr)
    return services.dispute_decide(
        dispute=dispute,
        decided_by=qsr,
        outcome=outcome,
        reasonable_reasons="It followed three warnings",
        proportionate_reasons="Post stays open",
        **changes,
    )


def many_disputes(count, assignee=None, due_in=None):
    """Disputes for several people, as stored, quickly (a term each: Stage 2 is final); due in
    ``due_in(term number)`` days if given."""
    creator = UserFactory(role="Caseworker")
    assignee = assignee or creator
    now = timezone.now()
    disputes = []
    for last_name in ("Smith", "Jones", "Evans", "Smithson", "Patel"):
        restriction = RestrictionFactory(state="active", service_user__last_name=last_name)
        terms = Term.objects.bulk_create(
            Term(
                restriction=restriction,
                number=number,
                starts_on=dt.date(2026, 1, 1),
                ends_on=dt.date(2026, 12, 31),
                months=12,
                decided_by=creator,
                decided_at=now,
                reason="Approved",
            )
            for number in range(1, count // 5 + 1)
        )
        disputes += [
            Dispute(
                service_user=restriction.service_user,
                restriction=restriction,
                term=term,
                received_at=now - dt.timedelta(days=term.number % 40),
                channel="email",
                statement="Unfair",
                due_on=timezone.localdate()
                + dt.timedelta(days=due_in(term.number) if due_in else 20 - term.number % 40),
                recorded_by=creator,
                assigned_to=assignee if term.number % 3 else None,
            )
            for term in terms
        ]
    Dispute.objects.bulk_create(disputes)
